/*
 * Rules for the headers an admin may add to a connector's requests. They live apart from the zod
 * schemas because the delivery engine applies the same reserved list when it builds a request.
 */

/** RFC 9110 §5.6.2 token: the only characters a field name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Headers the hub sets itself. Letting a connector override them would break signing
 * (Content-Type, X-Qualifio-*, webhook-*) or the HTTP framing (Content-Length, Host, and the
 * hop-by-hop headers the HTTP client manages).
 */
const RESERVED_NAMES = new Set([
  "content-type",
  "content-length",
  "host",
  "user-agent",
  "connection",
  "transfer-encoding",
]);
const RESERVED_PREFIXES = ["x-qualifio-", "webhook-"];

export const MAX_HEADER_NAME_LENGTH = 100;
export const MAX_HEADER_VALUE_LENGTH = 4096;
export const MAX_CUSTOM_HEADERS = 20;

export function isReservedHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_NAMES.has(lower) || RESERVED_PREFIXES.some((p) => lower.startsWith(p));
}

/** Why a header name cannot be used, or undefined when it can. */
export function headerNameProblem(name: string): string | undefined {
  if (!name) return "Enter a header name.";
  if (name.length > MAX_HEADER_NAME_LENGTH) return `Use at most ${MAX_HEADER_NAME_LENGTH} characters.`;
  if (!TOKEN.test(name)) {
    return "A header name cannot contain spaces, colons or other separators.";
  }
  if (isReservedHeaderName(name)) return `${name} is set by the hub itself; choose another header.`;
  return undefined;
}

/** CR and LF would let a value start a new header (header injection); NUL is never valid either. */
export function hasLineBreak(value: string): boolean {
  return /[\r\n\0]/.test(value);
}
