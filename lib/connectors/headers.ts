import { isReservedHeaderName } from "@/lib/delivery/attempts/reserved-headers";

/*
 * Rules for the headers an admin may add to a connector's requests. The reserved list is the
 * request builder's own (lib/delivery/attempts/request.ts), so what the form refuses is exactly what a
 * request would never let a connector override.
 */

/**
 * Narrower than an RFC 9110 token on purpose: `$`, backticks and quotes are token characters, and
 * header names end up in "Copy as curl" commands that people paste into a shell.
 */
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

const MAX_HEADER_NAME_LENGTH = 100;
export const MAX_HEADER_VALUE_LENGTH = 4096;
export const MAX_CUSTOM_HEADERS = 20;

/** Why a header name cannot be used, or undefined when it can. */
export function headerNameProblem(name: string): string | undefined {
  if (!name) return "Enter a header name.";
  if (name.length > MAX_HEADER_NAME_LENGTH) return `Use at most ${MAX_HEADER_NAME_LENGTH} characters.`;
  if (!HEADER_NAME.test(name)) return "Use only letters, digits and hyphens (-) in a header name.";
  if (isReservedHeaderName(name)) return `${name} is set by the hub itself; choose another header.`;
  return undefined;
}

/** CR and LF would let a value start a new header (header injection); NUL is never valid either. */
export function hasLineBreak(value: string): boolean {
  return /[\r\n\0]/.test(value);
}
