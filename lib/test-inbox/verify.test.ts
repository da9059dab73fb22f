import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@/lib/connectors/secrets";
import { verifySignatures } from "./verify";

// Signed by the official Standard Webhooks library and by plain HMAC code, not by the hub's signing
// module: the inbox's verdicts must agree with what an independent receiver would compute.
describe("verifySignatures", () => {
  const secret = generateWebhookSecret();
  const body = '[{"id":"e-1","type":"points.earned"}]';
  const now = new Date();

  function standardHeaders(withSecret: string) {
    const id = "msg_1";
    const signature = new Webhook(withSecret).sign(id, now, body);
    return { "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signature };
  }

  it("accepts what the standardwebhooks library and a plain HMAC produce", () => {
    const qualifio = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    const headers = { "x-qualifio-signature": qualifio, ...standardHeaders(secret) };
    expect(verifySignatures(headers, Buffer.from(body), [secret], now)).toEqual({ qualifio: "valid", standard: "valid" });
  });

  it("accepts either of two secrets, and refuses one it was not given", () => {
    const old = generateWebhookSecret();
    const headers = standardHeaders(old);
    expect(verifySignatures(headers, Buffer.from(body), [secret, old], now).standard).toBe("valid");
    expect(verifySignatures(headers, Buffer.from(body), [secret], now).standard).toBe("invalid");
  });

  it("calls a partial set of Standard Webhooks headers invalid, and none missing", () => {
    const { "webhook-signature": _dropped, ...partial } = standardHeaders(secret);
    expect(verifySignatures(partial, Buffer.from(body), [secret], now)).toEqual({ qualifio: "missing", standard: "invalid" });
    expect(verifySignatures({}, Buffer.from(body), [secret], now)).toEqual({ qualifio: "missing", standard: "missing" });
  });
});
