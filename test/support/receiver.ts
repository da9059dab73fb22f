import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/*
 * A real HTTP receiver on loopback for delivery tests. It verifies what a customer's receiver
 * would: X-Qualifio-Signature with its own HMAC code (not the hub's), Standard Webhooks headers
 * with the official `standardwebhooks` library, and that the body is a JSON array.
 */

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export type Received = {
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  events: Array<Record<string, unknown>> | null;
  /** Which configured secrets produced a matching X-Qualifio-Signature. */
  qualifioValidFor: string[];
  /** Which configured secrets verify with the standardwebhooks library (empty when not sent). */
  standardValidFor: string[];
};

export type Receiver = {
  url: string;
  received: Received[];
  /** Requests currently being answered (not yet replied). */
  inFlight: () => number;
  maxInFlight: () => number;
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
};

function qualifioMatches(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(Buffer.from(body, "utf8")).digest("hex");
  return header.split(",").some((part) => {
    const received = part.trim().replace(/^sha256=/, "");
    return received.length === expected.length && timingSafeEqual(Buffer.from(received), Buffer.from(expected));
  });
}

function standardMatches(secret: string, body: string, headers: http.IncomingHttpHeaders): boolean {
  if (!headers["webhook-signature"]) return false;
  try {
    // The library wants a base64 key: a whsec_ secret as is, any other secret as its UTF-8 bytes.
    const key = secret.startsWith("whsec_") ? secret : Buffer.from(secret, "utf8").toString("base64");
    new Webhook(key).verify(body, {
      "webhook-id": String(headers["webhook-id"]),
      "webhook-timestamp": String(headers["webhook-timestamp"]),
      "webhook-signature": String(headers["webhook-signature"]),
    });
    return true;
  } catch {
    return false;
  }
}

export async function startReceiver(
  options: { secrets?: string[]; reply?: (n: number, request: Received) => Reply | Promise<Reply> } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const body = Buffer.concat(chunks).toString("utf8");
      let events: Received["events"] = null;
      try {
        const parsed: unknown = JSON.parse(body);
        events = Array.isArray(parsed) ? (parsed as Received["events"]) : null;
      } catch {
        events = null;
      }
      const secrets = options.secrets ?? [];
      const entry: Received = {
        at: Date.now(),
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        events,
        qualifioValidFor: secrets.filter((s) => qualifioMatches(s, body, req.headers["x-qualifio-signature"] as string | undefined)),
        standardValidFor: secrets.filter((s) => standardMatches(s, body, req.headers)),
      };
      received.push(entry);
      waiters.splice(0).forEach((w) => w());
      const reply = (await options.reply?.(received.length, entry)) ?? { status: 204 };
      if (reply === "hang") {
        hanging.add(res);
        res.on("close", () => {
          hanging.delete(res);
          inFlight--;
        });
        return;
      }
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? "");
      inFlight--;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
