import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/*
 * AES-256-GCM for secrets at rest (webhook secrets, auth header values). Stored as
 * "v2.<key id>.<iv>.<tag>.<ciphertext>" in base64url. The key id names the key a value was sealed
 * with, so a rotation can tell old values from new ones; the associated data (where the value lives,
 * e.g. "connectors.<id>.secret") is not stored but must be given again to open it, so a ciphertext
 * copied to another row or column does not decrypt. "v1.<iv>.<tag>.<ciphertext>" values, written
 * before key ids and associated data, are still read.
 */
const TAG_BYTES = 16;
const IV_BYTES = 12;

export class UnreadableSecretError extends Error {
  override name = "UnreadableSecretError";
}

/** A short, stable name for a key: the first 6 bytes of its SHA-256, base64url. Reveals nothing usable. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest().subarray(0, 6).toString("base64url");
}

function checkKey(key: Buffer) {
  if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
}

export function encryptSecret(plain: string, key: Buffer, associatedData: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v2", keyId(key), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

type Sealed = { version: "v1" | "v2"; keyId: string | null; iv: string; tag: string; ciphertext: string };

function parse(stored: string): Sealed {
  const parts = stored.split(".");
  const [version] = parts;
  if (version === "v2" && parts.length === 5 && parts.slice(1, 4).every(Boolean)) {
    const [, kid, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    return { version, keyId: kid, iv, tag, ciphertext };
  }
  if (version === "v1" && parts.length === 4 && parts[1] && parts[2]) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    return { version, keyId: null, iv, tag, ciphertext };
  }
  throw new UnreadableSecretError("unreadable encrypted value");
}

/** The format and key id of a stored value (null for v1 values, which do not record one). */
export function sealedWith(stored: string): { version: "v1" | "v2"; keyId: string | null } {
  const { version, keyId: kid } = parse(stored);
  return { version, keyId: kid };
}

function open(sealed: Sealed, key: Buffer, associatedData: string | null): string {
  checkKey(key);
  const tag = Buffer.from(sealed.tag, "base64url");
  // GCM checks only as many tag bytes as it is given: a shortened tag would be far easier to forge.
  if (tag.length !== TAG_BYTES) throw new UnreadableSecretError("encrypted value has a malformed tag");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64url"), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  if (associatedData !== null) decipher.setAAD(Buffer.from(associatedData, "utf8"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnreadableSecretError("encrypted value does not decrypt: wrong key, altered, or moved from another row or column");
  }
}

/**
 * Opens a stored value. `keys` holds the current key first, then any older key still accepted
 * (during a key rotation); a v2 value is opened with the key its id names, a v1 value with whichever
 * key works.
 */
export function decryptSecret(stored: string, keys: Buffer | readonly Buffer[], associatedData: string): string {
  const sealed = parse(stored);
  const candidates = Buffer.isBuffer(keys) ? [keys] : keys;
  if (sealed.version === "v2") {
    const key = candidates.find((k) => keyId(k) === sealed.keyId);
    if (!key) throw new UnreadableSecretError(`encrypted value was sealed with key id ${sealed.keyId}, which is not configured`);
    return open(sealed, key, associatedData);
  }
  let failure: unknown;
  for (const key of candidates) {
    try {
      return open(sealed, key, null);
    } catch (error) {
      failure = error;
    }
  }
  throw failure ?? new UnreadableSecretError("no encryption key given");
}
