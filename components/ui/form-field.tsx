"use client";

import * as React from "react";
import { Slot } from "radix-ui";

import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

type FieldError = string | string[] | null | undefined;

function errorList(error: FieldError): string[] {
  if (!error) return [];
  return (Array.isArray(error) ? error : [error]).filter(Boolean);
}

type FormItemState = { id: string; errors: string[]; hasDescription: boolean };

const FormItemContext = React.createContext<FormItemState | null>(null);

function useFormItem(part: string): FormItemState {
  const item = React.useContext(FormItemContext);
  if (!item) throw new Error(`${part} must be inside a FormItem or FormField.`);
  return item;
}

type FormItemProps = Omit<React.ComponentProps<"div">, "id"> & {
  /** The control's id; the description and the message take theirs from it. Generated when omitted. */
  id?: string;
  error?: FieldError;
  /** Whether a FormDescription is rendered, so the control is described by it. */
  hasDescription?: boolean;
};

/**
 * One field: its control (through FormControl), label, description and message share the id it
 * holds, so no caller spells out `id`, `htmlFor` or `aria-describedby` by hand.
 */
function FormItem({ id, error, hasDescription = false, className, children, ...props }: FormItemProps) {
  const generated = React.useId();
  const controlId = id ?? generated;
  const errors = errorList(error);
  return (
    <FormItemContext.Provider value={{ id: controlId, errors, hasDescription }}>
      <div data-slot="form-item" data-invalid={errors.length > 0 || undefined} className={cn("grid gap-1.5", className)} {...props}>
        {children}
      </div>
    </FormItemContext.Provider>
  );
}

function FormLabel({ className, ...props }: React.ComponentProps<"label">) {
  const { id, errors } = useFormItem("FormLabel");
  return (
    <label
      data-slot="form-field-label"
      htmlFor={id}
      className={cn("text-sm leading-none font-medium select-none", errors.length > 0 && "text-destructive", className)}
      {...props}
    />
  );
}

/** Gives the one control it wraps the field's id, aria-invalid and aria-describedby. */
function FormControl(props: React.ComponentProps<typeof Slot.Root>) {
  const { id, errors, hasDescription } = useFormItem("FormControl");
  const invalid = errors.length > 0;
  const describedBy = [hasDescription ? `${id}-description` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Slot.Root
      data-slot="form-control"
      id={id}
      aria-invalid={invalid}
      aria-describedby={describedBy || undefined}
      {...props}
    />
  );
}

function FormDescription({ className, ...props }: React.ComponentProps<"p">) {
  const { id } = useFormItem("FormDescription");
  return <p data-slot="form-field-description" id={`${id}-description`} className={cn("text-muted-foreground text-xs", className)} {...props} />;
}

/** The field's errors, if any, announced when they appear. */
function FormMessage({ className, ...props }: Omit<React.ComponentProps<"p">, "children">) {
  const { id, errors } = useFormItem("FormMessage");
  if (errors.length === 0) return null;
  return (
    <p data-slot="form-field-error" id={`${id}-error`} role="alert" className={cn("text-destructive text-xs", className)} {...props}>
      {errors.join(" ")}
    </p>
  );
}

type FormFieldProps = Omit<FormItemProps, "hasDescription"> & {
  label: React.ReactNode;
  description?: React.ReactNode;
  required?: boolean;
};

/** The usual field: label, the control (wrap it in FormControl), description and message. */
function FormField({ label, description, required, children, ...props }: FormFieldProps) {
  return (
    <FormItem hasDescription={!!description} {...props}>
      <FormLabel>
        {label}
        {required ? <span className="text-destructive ml-0.5" aria-hidden="true">*</span> : null}
      </FormLabel>
      {children}
      {description ? <FormDescription>{description}</FormDescription> : null}
      <FormMessage />
    </FormItem>
  );
}

type InputFieldProps = Omit<React.ComponentProps<typeof Input>, "id"> &
  Pick<FormFieldProps, "id" | "label" | "description" | "error"> & {
    /** Classes for the whole field; `className` styles the input. */
    fieldClassName?: string;
  };

/** The commonest field: a FormField holding one Input, which gets every other prop. */
function InputField({ id, label, description, error, fieldClassName, ...input }: InputFieldProps) {
  return (
    <FormField id={id} label={label} description={description} error={error} className={fieldClassName}>
      <FormControl>
        <Input {...input} />
      </FormControl>
    </FormField>
  );
}

export { FormControl, FormField, FormItem, FormMessage, InputField };
