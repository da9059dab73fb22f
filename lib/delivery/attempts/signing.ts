import { createHmac } from "node:crypto";

/*
 * Signatures are computed over bytes, never over a re-serialised object: the receiver verifies the
 * raw body it read off the wire, so any difference in key order, spacing or escaping would break it.
 */

type Body = string | Uint8Array;

function bytes(body: Body): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
}

/** `X-Qualifio-Signature`: `sha256=<lowercase hex HMAC-SHA256(secret as UTF-8, body bytes)>`. */
export function qualifioSignature(secret: string, body: Body): string {
  const hex = createHmac("sha256", Buffer.from(secret, "utf8")).update(bytes(body)).digest("hex");
  return `sha256=${hex}`;
}

const WHSEC_PREFIX = "whsec_";

/**
 * The HMAC key of a Standard Webhooks secret: a `whsec_` secret carries the key base64-encoded (what
 * the official libraries expect); any other secret is used as its UTF-8 bytes, which receivers
 * reproduce with `new Webhook(bytes, { format: "raw" })`.
 */
export function standardWebhooksKey(secret: string): Buffer {
  const key = secret.startsWith(WHSEC_PREFIX)
    ? Buffer.from(secret.slice(WHSEC_PREFIX.length), "base64")
    : Buffer.from(secret, "utf8");
  if (key.length === 0) throw new Error("The Standard Webhooks secret is empty.");
  return key;
}

/**
 * One Standard Webhooks signature, `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`
 * (https://www.standardwebhooks.com, "Signature scheme").
 */
export function standardWebhooksSignature(secret: string, msgId: string, timestampSeconds: number, body: Body): string {
  const hmac = createHmac("sha256", standardWebhooksKey(secret));
  hmac.update(`${msgId}.${timestampSeconds}.`, "utf8");
  hmac.update(bytes(body));
  return `v1,${hmac.digest("base64")}`;
}

/**
 * The `webhook-signature` value for several secrets (new first, then the one being rotated out):
 * the spec separates signatures with spaces and a receiver accepts any that matches.
 */
export function standardWebhooksSignatureHeader(
  secrets: readonly string[],
  msgId: string,
  timestampSeconds: number,
  body: Body,
): string {
  return secrets.map((secret) => standardWebhooksSignature(secret, msgId, timestampSeconds, body)).join(" ");
}
