import { createHash, randomBytes } from "node:crypto";

export const API_KEY_MARKER = "ihk_";
/** Long enough to tell keys apart in a list, far too short to guess the rest from. */
const API_KEY_PREFIX_LENGTH = 12;
// "ihk_" + 32 random bytes in base64url (43 characters, no padding).
const KEY_PATTERN = /^ihk_[A-Za-z0-9_-]{43}$/;

/** SHA-256 is enough here: the key carries 256 random bits, so there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function generateApiKey(): { key: string; keyHash: string; prefix: string } {
  const key = API_KEY_MARKER + randomBytes(32).toString("base64url");
  return { key, keyHash: hashApiKey(key), prefix: key.slice(0, API_KEY_PREFIX_LENGTH) };
}
