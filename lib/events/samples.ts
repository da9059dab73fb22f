import { buildBody } from "@/lib/delivery/attempts/request";
import { exampleInput } from "./catalog";
import type { EventType } from "./types";

/** The body a receiver gets for a catalog example, exactly as the hub would send it. */
export function exampleWebhookBody(type: EventType): string {
  const input = exampleInput(type);
  const body = buildBody({
    id: "3f6c1d2e-8a4b-4c6f-9e21-5b7d0a9c4e10",
    type,
    createdAt: new Date("2026-11-02T09:30:00.000Z"),
    test: false,
    program: { id: "7b2e4c91-0d3a-4f55-8c6e-2a1f9b8d7e34", name: "Coffee Club Rewards" },
    member: input.member,
    data: input.data,
  });
  return JSON.stringify(JSON.parse(body), null, 2);
}

export const verifyNode = `import { createHmac, timingSafeEqual } from "node:crypto";

// rawBody: the exact bytes received (do not re-serialise the parsed JSON).
export function verify(rawBody: Buffer, header: string, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(rawBody).digest("hex");
  // During a secret rotation the header carries two signatures: "sha256=<new>,sha256=<old>".
  return header.split(",").some((part) => {
    const received = part.trim().replace(/^sha256=/, "");
    return received.length === expected.length &&
      timingSafeEqual(Buffer.from(received), Buffer.from(expected));
  });
}

// Express: app.post("/hook", express.raw({ type: "application/json" }), (req, res) => {
//   if (!verify(req.body, req.get("X-Qualifio-Signature") ?? "", process.env.WEBHOOK_SECRET!)) return res.sendStatus(401);
//   const events = JSON.parse(req.body.toString("utf8")); // an array
//   res.sendStatus(204);
// });`;

export const verifyPython = `import hashlib
import hmac

def verify(raw_body: bytes, header: str, secret: str) -> bool:
    expected = hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    # During a secret rotation the header carries two signatures: "sha256=<new>,sha256=<old>".
    return any(
        hmac.compare_digest(part.strip().removeprefix("sha256="), expected)
        for part in header.split(",")
    )

# Flask:
# @app.post("/hook")
# def hook():
#     if not verify(request.get_data(), request.headers.get("X-Qualifio-Signature", ""), SECRET):
#         abort(401)
#     events = request.get_json()  # a list
#     return "", 204`;
