import { REDACTED } from "@/lib/redacted";

/** Formatting for the delivery page's request and response panels. */
/** JSON pretty-printed when it parses, the text as received otherwise. */
export function prettyBody(body: string | null): string {
  if (!body) return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** One shell word: single quotes keep every character literal, so nothing recorded can run. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The variable a redacted value is read from: AUTHORIZATION, X_QUALIFIO_SIGNATURE… */
function shellVariable(headerName: string): string {
  const name = headerName.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * "Copy as curl": the exact request, with a shell variable where a secret was redacted. Header
 * names, URLs and bodies come from admins and receivers, so everything but the variable itself is
 * single-quoted; the URL goes through --url so one starting with "-" cannot become an option.
 */
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
  const lines = [`curl -X POST --url ${shellQuote(url)}`];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "content-length") continue;
    lines.push(value === REDACTED ? `  -H ${shellQuote(`${name}: `)}"$${shellVariable(name)}"` : `  -H ${shellQuote(`${name}: ${value}`)}`);
  }
  lines.push(`  --data-raw ${shellQuote(body)}`);
  return lines.join(" \\\n");
}
