"use client";

import { useFieldArray, useFormContext } from "react-hook-form";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormControl, FormItem, FormMessage } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { GlobalValues } from "./values";

const headerParts = ["name", "value"] as const;

/** Custom headers: name and value rows, sent with every request. */
export function HeadersSection({ readOnly }: { readOnly: boolean }) {
  const { control, register, formState } = useFormContext<GlobalValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "customHeaders" });
  const errors = formState.errors.customHeaders;
  // An error about the list as a whole (too many headers), not one row.
  const listError = errors?.message ?? errors?.root?.message;
  const placeholders = { name: "X-Tenant", value: readOnly ? "Hidden from your role" : undefined };

  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-semibold">Custom headers</legend>
      {fields.length === 0 ? (
        <p className="text-xs text-muted-foreground">No custom headers. The hub&apos;s own headers cannot be overridden.</p>
      ) : null}
      {fields.map((field, i) => (
        <div key={field.id} className={cn("grid items-start gap-2", readOnly ? "grid-cols-[2fr_3fr]" : "grid-cols-[2fr_3fr_auto]")}>
          {headerParts.map((part) => (
            <FormItem key={part} id={`custom-header-${field.id}-${part}`} error={errors?.[i]?.[part]?.message} className="gap-1">
              <FormControl>
                <Input
                  aria-label={`Custom header ${i + 1} ${part}`}
                  {...register(`customHeaders.${i}.${part}`)}
                  disabled={readOnly}
                  placeholder={placeholders[part]}
                  autoComplete="off"
                  spellCheck={false}
                />
              </FormControl>
              <FormMessage />
            </FormItem>
          ))}
          {readOnly ? null : (
            <Button variant="ghost" size="icon" aria-label={`Remove custom header ${i + 1}`} onClick={() => remove(i)}>
              <X className="size-4" aria-hidden />
            </Button>
          )}
        </div>
      ))}
      {listError ? (
        <p role="alert" className="text-xs text-destructive">
          {listError}
        </p>
      ) : null}
      {readOnly ? null : (
        <Button variant="outline" size="sm" className="w-fit" onClick={() => append({ name: "", value: "" })}>
          <Plus className="size-3.5" aria-hidden /> Add header
        </Button>
      )}
    </fieldset>
  );
}
