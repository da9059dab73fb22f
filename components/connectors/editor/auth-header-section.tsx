"use client";

import { useFormContext } from "react-hook-form";
import { InputField } from "@/components/ui/form-field";
import type { GlobalValues } from "./values";

/** The authentication header sent with every request (Authorization: Bearer …); a saved value is never sent back. */
export function AuthHeaderSection({ readOnly, savedValue }: { readOnly: boolean; savedValue: boolean }) {
  const { register, formState } = useFormContext<GlobalValues>();
  const errors = formState.errors;
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-semibold">Authentication header</legend>
      <div className="grid items-start gap-3 sm:grid-cols-[2fr_3fr]">
        <InputField
          label="Header name"
          id="connector-auth-name"
          error={errors.authHeaderName?.message}
          {...register("authHeaderName")}
          disabled={readOnly}
          placeholder="Authorization"
          autoComplete="off"
        />
        <InputField
          label="Header value"
          id="connector-auth-value"
          error={errors.authHeaderValue?.message}
          description={savedValue && !readOnly ? "Saved and hidden. Leave empty to keep it, or type a new value." : undefined}
          {...register("authHeaderValue")}
          disabled={readOnly}
          placeholder={savedValue ? (readOnly ? "Hidden from your role" : "•••••••• (saved)") : "Bearer …"}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {readOnly ? null : (
        <p className="text-xs text-muted-foreground">Sent with every request, e.g. Authorization: Bearer …. Clear the name to remove it.</p>
      )}
    </fieldset>
  );
}
