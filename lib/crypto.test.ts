import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyId, sealedWith } from "./crypto";

const HERE = "connectors.3f2c9a52-0000-4000-8000-000000000001.secret";

/** With each part of a stored value replaced by `change(part, index)`. */
function alter(stored: string, change: (part: string, index: number) => string) {
  return stored.split(".").map(change).join(".");
}

describe("secret encryption", () => {
  const key = randomBytes(32);

  it("round-trips and never contains the plain text", () => {
    const stored = encryptSecret("whsec_super-secret-value", key, HERE);
    expect(stored).not.toContain("super-secret");
    expect(decryptSecret(stored, key, HERE)).toBe("whsec_super-secret-value");
  });

  it("uses a fresh IV every time", () => {
    expect(encryptSecret("same", key, HERE)).not.toBe(encryptSecret("same", key, HERE));
  });

  it("refuses a tampered value or the wrong key", () => {
    const stored = encryptSecret("value", key, HERE);
    expect(() => decryptSecret(alter(stored, (p, i) => (i === 4 ? Buffer.from("other").toString("base64url") : p)), key, HERE)).toThrow();
    const other = randomBytes(32);
    // Even under the other key's id, so the key is really tried.
    expect(() => decryptSecret(alter(stored, (p, i) => (i === 1 ? keyId(other) : p)), other, HERE)).toThrow();
  });

  it("opens a value only where it was sealed: another row or column fails", () => {
    const stored = encryptSecret("value", key, HERE);
    expect(() => decryptSecret(stored, key, "connectors.3f2c9a52-0000-4000-8000-000000000002.secret")).toThrow(/moved from another row or column/);
    expect(() => decryptSecret(stored, key, "connectors.3f2c9a52-0000-4000-8000-000000000001.auth_header_value")).toThrow();
  });

  it("refuses a shortened tag", () => {
    const stored = encryptSecret("value", key, HERE);
    for (const bytes of [15, 12, 4, 1]) {
      const short = alter(stored, (p, i) => (i === 3 ? Buffer.from(p, "base64url").subarray(0, bytes).toString("base64url") : p));
      expect(() => decryptSecret(short, key, HERE), `${bytes}-byte tag`).toThrow(/malformed tag/);
    }
  });

  it("records the id of the key that sealed the value, and opens it with that key", () => {
    const previous = randomBytes(32);
    const stored = encryptSecret("value", key, HERE);
    expect(stored.split(".").slice(0, 2)).toEqual(["v2", keyId(key)]);
    expect(sealedWith(stored)).toEqual({ version: "v2", keyId: keyId(key) });
    expect(keyId(key)).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(keyId(previous)).not.toBe(keyId(key));
    expect(decryptSecret(encryptSecret("old", previous, HERE), [key, previous], HERE)).toBe("old");
    expect(() => decryptSecret(stored, [previous], HERE)).toThrow(`sealed with key id ${keyId(key)}, which is not configured`);
  });
});

describe("values written before key ids and associated data (v1)", () => {
  // Written by the first version of encryptSecret with a key of 32 bytes of 0x01.
  const key = Buffer.alloc(32, 1);
  const v1 = "v1.f704Egsqn8TUBoPX.EX9zzizFGcnLc40deisE-A.yR1QuAY_4CF4d8M2-z64QMwHENNamJijys4p2oZpNV1q";

  it("still decrypt, with the current or a previous key", () => {
    expect(sealedWith(v1)).toEqual({ version: "v1", keyId: null });
    expect(decryptSecret(v1, key, HERE)).toBe("whsec_sealed-by-the-first-version");
    expect(decryptSecret(v1, [randomBytes(32), key], HERE)).toBe("whsec_sealed-by-the-first-version");
    expect(() => decryptSecret(v1, randomBytes(32), HERE)).toThrow();
  });

  it("refuse a shortened tag too", () => {
    const short = alter(v1, (p, i) => (i === 2 ? Buffer.from(p, "base64url").subarray(0, 8).toString("base64url") : p));
    expect(() => decryptSecret(short, key, HERE)).toThrow(/malformed tag/);
  });

  it("refuse anything else as unreadable", () => {
    for (const junk of ["", "v1.AAAA", "v3.a.b.c.d", "v2.kid.iv.tag", "plain text"]) {
      expect(() => decryptSecret(junk, key, HERE), junk).toThrow(/unreadable encrypted value/);
    }
  });
});
