import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { qualifioSignature, standardWebhooksKey, standardWebhooksSignature, standardWebhooksSignatureHeader } from "./signing";

describe("qualifioSignature", () => {
  it("matches the RFC 4231 HMAC-SHA256 test vector", () => {
    expect(qualifioSignature("Jefe", "what do ya want for nothing?")).toBe(
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("signs the exact UTF-8 bytes of the body with the secret's UTF-8 bytes", () => {
    const secret = "sécret-✓";
    const body = '[{"id":"e1","member":{"firstName":"Zoë"}}]';
    const expected = createHmac("sha256", Buffer.from(secret, "utf8")).update(Buffer.from(body, "utf8")).digest("hex");
    expect(qualifioSignature(secret, body)).toBe(`sha256=${expected}`);
    expect(qualifioSignature(secret, Buffer.from(body, "utf8"))).toBe(`sha256=${expected}`);
  });

  it("changes with a single byte of the body", () => {
    expect(qualifioSignature("s", '{"a":1}')).not.toBe(qualifioSignature("s", '{"a": 1}'));
  });
});

describe("standardWebhooksSignature", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("matches the Standard Webhooks reference vector", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const signature = standardWebhooksSignature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("is accepted by the official library's Webhook.verify", () => {
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    const body = JSON.stringify([{ id: "evt", type: "points.earned", data: { points: 10, note: "café" } }]);
    const timestamp = now();
    const headers = {
      "webhook-id": "delivery-1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": standardWebhooksSignature(secret, "delivery-1", timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("sends both signatures during a rotation, each verifiable on its own", () => {
    const current = `whsec_${randomBytes(24).toString("base64")}`;
    const previous = `whsec_${randomBytes(24).toString("base64")}`;
    const body = '[{"id":"evt"}]';
    const timestamp = now();
    const value = standardWebhooksSignatureHeader([current, previous], "d-2", timestamp, body);
    expect(value.split(" ")).toHaveLength(2);
    const headers = { "webhook-id": "d-2", "webhook-timestamp": String(timestamp), "webhook-signature": value };
    expect(new Webhook(current).verify(body, headers)).toEqual([{ id: "evt" }]);
    expect(new Webhook(previous).verify(body, headers)).toEqual([{ id: "evt" }]);
    const stranger = `whsec_${randomBytes(24).toString("base64")}`;
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow(/No matching signature/);
  });

  it("uses a non-whsec secret as its UTF-8 bytes (raw format)", () => {
    const secret = "plain-shared-secret";
    const body = "[]";
    const timestamp = now();
    const headers = {
      "webhook-id": "d-3",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": standardWebhooksSignature(secret, "d-3", timestamp, body),
    };
    expect(new Webhook(Buffer.from(secret, "utf8"), { format: "raw" }).verify(body, headers)).toEqual([]);
  });

  it("refuses an empty key", () => {
    expect(() => standardWebhooksKey("whsec_")).toThrow(/empty/);
  });
});
