"use client";

import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions";
import type { FieldErrors } from "@/lib/errors";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

type RunOptions<T> = {
  /** A toast when the action succeeds: fixed text, or made from its data and the action's own message. */
  success?: string | ((data: T, message: string | undefined) => string);
  /** Shows a failure itself (next to fields, say); returns true when it did, so no toast repeats it. */
  onFailure?: (failure: Failure) => boolean;
};

/**
 * Calls a server action the way every call site does: pending while it runs, a toast for an error
 * nothing else shows, and the success toast when asked for. The result is returned for what follows.
 */
export function useAction() {
  const [pending, setPending] = useState(false);

  async function run<T>(call: () => Promise<ActionResult<T>>, options: RunOptions<T> = {}): Promise<ActionResult<T>> {
    setPending(true);
    try {
      const result = await call();
      if (result.ok) {
        const message = typeof options.success === "function" ? options.success(result.data, result.message) : options.success;
        if (message) toast.success(message);
      } else if (!options.onFailure?.(result)) {
        toast.error(result.message);
      }
      return result;
    } finally {
      setPending(false);
    }
  }

  return { pending, run };
}

/** Whether an error's key names one of `fields`; "customHeaders.0.name" belongs to "customHeaders". */
function belongsTo(key: string, fields?: readonly string[]) {
  return fields ? fields.some((f) => key === f || key.startsWith(`${f}.`)) : true;
}

/** Whether a failure's field errors name a field the form shows (any field, when `fields` is not given). */
function showsFieldError(failure: Failure, fields?: readonly string[]) {
  return Object.keys(failure.fieldErrors ?? {}).some((key) => belongsTo(key, fields));
}

/**
 * useAction's `onFailure` for a react-hook-form form: the server's field errors land on their fields
 * through setError, and an error none of `fields` shows is a toast.
 */
export function serverErrorsInto<T extends FieldValues>(setError: UseFormSetError<T>, fields: readonly Path<T>[]) {
  return (failure: Failure) => {
    for (const [key, messages] of Object.entries(failure.fieldErrors ?? {})) {
      if (belongsTo(key, fields)) setError(key as Path<T>, { type: "server", message: messages.join(" ") });
    }
    return showsFieldError(failure, fields);
  };
}

/**
 * useAction for a form: field errors next to their fields, and a toast for an error that belongs
 * to no field the form shows (`fields`, when the form shows only some of the input's fields).
 */
export function useActionForm(fields?: readonly string[]) {
  const action = useAction();
  const [errors, setErrors] = useState<FieldErrors>({});

  async function run<T>(call: () => Promise<ActionResult<T>>, options: Pick<RunOptions<T>, "success"> = {}) {
    const result = await action.run(call, {
      ...options,
      onFailure: (failure) => {
        setErrors(failure.fieldErrors ?? {});
        return showsFieldError(failure, fields);
      },
    });
    if (result.ok) setErrors({});
    return result;
  }

  return { pending: action.pending, errors, setErrors, run, reset: () => setErrors({}) };
}
