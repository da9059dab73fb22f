import * as React from "react";

import { cn } from "@/lib/utils";

type FieldError = string | string[] | null | undefined;

function errorList(error: FieldError): string[] {
  if (!error) return [];
  return (Array.isArray(error) ? error : [error]).filter(Boolean);
}

/** Props to spread onto a form control so it is linked to its FormField error/description. */
function fieldAria(id: string, error?: FieldError, hasDescription = false) {
  const invalid = errorList(error).length > 0;
  const describedBy = [hasDescription ? `${id}-description` : null, invalid ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return {
    id,
    "aria-invalid": invalid,
    "aria-describedby": describedBy || undefined,
  };
}

type FormFieldProps = Omit<React.ComponentProps<"div">, "id"> & {
  label: React.ReactNode;
  /** The control's id. `id` is accepted as an alias. */
  htmlFor?: string;
  id?: string;
  description?: React.ReactNode;
  error?: FieldError;
  required?: boolean;
};

function FormField({
  label,
  htmlFor,
  id,
  description,
  error,
  required,
  className,
  children,
  ...props
}: FormFieldProps) {
  const controlId = htmlFor ?? id ?? "";
  const errors = errorList(error);
  return (
    <div
      data-slot="form-field"
      data-invalid={errors.length > 0 || undefined}
      className={cn("grid gap-1.5", className)}
      {...props}
    >
      <label
        data-slot="form-field-label"
        htmlFor={controlId}
        className={cn(
          "text-sm leading-none font-medium select-none",
          errors.length > 0 && "text-destructive",
        )}
      >
        {label}
        {required ? <span className="text-destructive ml-0.5" aria-hidden="true">*</span> : null}
      </label>
      {children}
      {description ? (
        <p
          data-slot="form-field-description"
          id={`${controlId}-description`}
          className="text-muted-foreground text-xs"
        >
          {description}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <p
          data-slot="form-field-error"
          id={`${controlId}-error`}
          role="alert"
          className="text-destructive text-xs"
        >
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export { FormField, fieldAria };
