import type { Queryable, Tx } from "@/db";

/**
 * Typed domain errors. Verbs throw them; adapters (server actions, route handlers) map them to
 * `{ ok: false, code, message, fieldErrors }` or to an HTTP status.
 */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: "validation" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "rate_limited",
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super("validation", message, fieldErrors);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do this.") {
    super("forbidden", message);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super("not_found", `${what} was not found.`);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super("conflict", message, fieldErrors);
  }
}

export const httpStatus: Record<DomainError["code"], number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** The driver error behind a failed query (drizzle wraps it; the pg error is the cause), from either driver. */
function driverError(error: unknown): { code: string } | undefined {
  let e: unknown = error;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const candidate = e as { code?: unknown; cause?: unknown };
    if (typeof candidate.code === "string") return { code: candidate.code };
    e = candidate.cause;
  }
  return undefined;
}

/** Postgres unique violation (23505), from either driver. */
function isUniqueViolation(error: unknown): boolean {
  return driverError(error)?.code === "23505";
}

/**
 * Runs `write` in a transaction whose unique index is the real guard against a duplicate: a
 * violation (two admins racing past the checks) becomes a ConflictError on the field.
 */
export async function uniqueTransaction<T>(
  db: Queryable,
  duplicate: { field: string; message: string },
  write: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(write);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(duplicate.message, { [duplicate.field]: [duplicate.message] });
    throw error;
  }
}

/**
 * Whether the statement failed because of the values it was given (SQLSTATE class 22, data
 * exception, or 23, integrity constraint violation), rather than the database being unavailable.
 */
export function isDataError(error: unknown): boolean {
  return /^2[23]/.test(driverError(error)?.code ?? "");
}
