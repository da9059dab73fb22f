// Verifying Integrations Hub webhooks in Node.js 18+ (standard library only).
import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 5 * 60;

/** A header from Node's req.headers, a plain object in any case, or a fetch Headers. */
function header(headers, name) {
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(",") : value;
}

function fresh(timestamp, now, toleranceSeconds) {
  return /^\d+$/.test(timestamp ?? "") && Math.abs(now - Number(timestamp)) <= toleranceSeconds;
}

function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * X-Qualifio-Signature: "sha256=<hex HMAC-SHA256 of the raw body>", or during a secret rotation
 * "sha256=<new>,sha256=<old>". rawBody is the Buffer read off the wire, before any JSON parsing;
 * secrets is your secret, or an array of them while you rotate.
 */
export function verifyQualifio(rawBody, headers, secrets, { now = Date.now() / 1000, toleranceSeconds = TOLERANCE_SECONDS } = {}) {
  const signature = header(headers, "x-qualifio-signature");
  if (!signature || !fresh(header(headers, "x-qualifio-timestamp"), now, toleranceSeconds)) return false;
  const received = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("sha256="))
    .map((part) => part.slice("sha256=".length));
  return [secrets].flat().some((secret) => {
    const expected = createHmac("sha256", Buffer.from(secret, "utf8")).update(rawBody).digest("hex");
    return received.some((candidate) => safeEqual(candidate, expected));
  });
}

/**
 * Standard Webhooks: webhook-signature is "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>",
 * several separated by spaces during a rotation. The key is the base64 after "whsec_".
 */
export function verifyStandardWebhooks(rawBody, headers, secrets, { now = Date.now() / 1000, toleranceSeconds = TOLERANCE_SECONDS } = {}) {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signature = header(headers, "webhook-signature");
  if (!id || !signature || !fresh(timestamp, now, toleranceSeconds)) return false;
  const received = signature
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => part.slice("v1,".length));
  return [secrets].flat().some((secret) => {
    const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice("whsec_".length), "base64") : Buffer.from(secret, "utf8");
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`, "utf8").update(rawBody).digest("base64");
    return received.some((candidate) => safeEqual(candidate, expected));
  });
}
