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

const REDACTED = "[redacted]";

/** "Copy as curl": the exact request, with a shell variable where a secret was redacted. */
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = [`curl -X POST ${quote(url)}`];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "content-length") continue;
    const v = value === REDACTED ? `$${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}` : value;
    // Redacted values become shell variables, so the command needs double quotes there.
    lines.push(value === REDACTED ? `  -H "${name}: ${v}"` : `  -H ${quote(`${name}: ${v}`)}`);
  }
  lines.push(`  --data-raw ${quote(body)}`);
  return lines.join(" \\\n");
}
