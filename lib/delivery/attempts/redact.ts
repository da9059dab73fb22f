import { REDACTED } from "@/lib/redacted";
import type { AttemptResult } from "./send";

/** Shorter values would match ordinary text all over a response, and tell a reader little. */
const MIN_SECRET_LENGTH = 4;

/**
 * How secrets may appear in an echo: as sent, and JSON-escaped (a receiver echoing the request as
 * JSON escapes quotes and backslashes). Longest first, so a shorter value inside a longer one
 * cannot leave the rest of the longer one behind.
 */
function echoForms(secretValues: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const value of secretValues) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function scrub(text: string, forms: readonly string[]): string {
  let scrubbed = text;
  for (const form of forms) if (scrubbed.includes(form)) scrubbed = scrubbed.replaceAll(form, REDACTED);
  return scrubbed;
}

/**
 * Replaces the connector's secrets (signing secrets, signatures, auth and custom header values)
 * in what the receiver answered: some receivers echo the request, and anyone who may read the
 * event logs, marketers included, would read the secrets there. Plain substring search on the hot
 * path: nothing to do without a secret of meaningful length, no regular expression per attempt.
 */
export function redactEchoes(result: AttemptResult, secretValues: readonly string[]): AttemptResult {
  const { responseHeaders, responseBody, error } = result;
  if (!responseHeaders && !responseBody && !error) return result;
  const forms = echoForms(secretValues);
  if (forms.length === 0) return result;
  return {
    ...result,
    responseHeaders: responseHeaders && Object.fromEntries(Object.entries(responseHeaders).map(([name, value]) => [name, scrub(value, forms)])),
    responseBody: responseBody && scrub(responseBody, forms),
    error: error && scrub(error, forms),
  };
}
