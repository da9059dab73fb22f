import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";

describe("secret encryption", () => {
  const key = randomBytes(32);

  it("round-trips and never contains the plain text", () => {
    const stored = encryptSecret("whsec_super-secret-value", key);
    expect(stored).not.toContain("super-secret");
    expect(decryptSecret(stored, key)).toBe("whsec_super-secret-value");
  });

  it("uses a fresh IV every time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a tampered value or the wrong key", () => {
    const stored = encryptSecret("value", key);
    const parts = stored.split(".");
    parts[3] = Buffer.from("other").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow();
  });
});
