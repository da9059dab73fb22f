import { shellQuote } from "@/components/deliveries/format";

/** The variable the examples read the API key from, so the key stays out of the shell history. */
export const API_KEY_VARIABLE = "HUB_API_KEY";

/** A `curl` that posts `body` as JSON to `url`, with the API key read from $HUB_API_KEY. */
export function ingestCurl(url: string, body: unknown): string {
  return [
    `curl -X POST --url ${shellQuote(url)}`,
    `  -H "Authorization: Bearer $${API_KEY_VARIABLE}"`,
    `  -H 'Content-Type: application/json'`,
    `  --data-raw ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join(" \\\n");
}
