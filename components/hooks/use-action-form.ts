"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions";
import type { FieldErrors } from "@/lib/errors";

/**
 * The state every form that calls a server action needs: pending while it runs, field errors next
 * to their fields, and a toast for an error that belongs to no field the form shows (`fields`,
 * when the form shows only some of the input's fields).
 */
export function useActionForm(fields?: readonly string[]) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  async function run<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    setPending(true);
    try {
      const result = await call();
      if (result.ok) {
        setErrors({});
      } else {
        setErrors(result.fieldErrors ?? {});
        const keys = Object.keys(result.fieldErrors ?? {});
        const shown = fields ? keys.some((k) => fields.includes(k)) : keys.length > 0;
        if (!shown) toast.error(result.message);
      }
      return result;
    } finally {
      setPending(false);
    }
  }

  return { pending, errors, setErrors, run, reset: () => setErrors({}) };
}
