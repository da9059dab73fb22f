import { z } from "zod";
import { ValidationError, type FieldErrors } from "./errors";

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * A required text field as forms send it: trimmed, with the same message whether it is missing or
 * blank, and at most `max` characters when given.
 */
export function requiredText(message: string, max?: number) {
  const text = z.string({ error: message }).trim().min(1, message);
  return max === undefined ? text : text.max(max, `Use at most ${max} characters.`);
}

/** Parses input at a boundary; a failure becomes a ValidationError carrying per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError("Check the highlighted fields.", fieldErrorsOf(result.error));
}
