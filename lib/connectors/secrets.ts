/*
 * Webhook secret helpers shared by the form (Generate runs in the browser) and the server. No
 * Node-only imports: Web Crypto exists in both.
 */

const WHSEC = /^whsec_([A-Za-z0-9+/]+={0,2})$/;

export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 256;

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. The Qualifio signature uses
 * the whole string as the HMAC key, so one value serves both schemes.
 */
export function generateWebhookSecret(): string {
  return `whsec_${base64(crypto.getRandomValues(new Uint8Array(24)))}`;
}

/**
 * Standard Webhooks signs with the base64-decoded part after `whsec_`, and its spec asks for a
 * 24–64 byte key; anything else would produce signatures the official libraries cannot verify.
 */
export function isStandardWebhooksSecret(secret: string): boolean {
  const match = WHSEC.exec(secret);
  if (!match?.[1] || match[1].length % 4 !== 0) return false;
  const padding = match[1].endsWith("==") ? 2 : match[1].endsWith("=") ? 1 : 0;
  const bytes = (match[1].length / 4) * 3 - padding;
  return bytes >= 24 && bytes <= 64;
}

/** What the UI shows instead of the secret: its prefix (if any) and last four characters. */
export function secretHint(secret: string): string {
  const prefix = secret.startsWith("whsec_") ? "whsec_" : "";
  return `${prefix}…${secret.slice(-4)}`;
}
