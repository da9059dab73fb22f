// The webhook receiver of `npm run bench:delivery`, started by it as its own process:
//   node --import tsx scripts/bench-receiver.ts --secret <webhook secret>
// Prints `listening <port>` on stdout once it accepts connections on 127.0.0.1.
//
// It runs apart from the bench and the app on purpose: a receiver sharing the bench's event loop
// would steal time from the client it measures (and the client's bursts would delay its answers),
// and one inside the app would compete with the delivery engine it is supposed to be measuring.
// Its own process answers as fast as a well-behaved customer endpoint: 204 at once, nothing else.
//
// Deliveries: any POST outside /_*. Each is checked (X-Qualifio-Signature over the exact body
// bytes) and recorded: arrival time, X-Qualifio-Delivery and the event ids of the JSON array body.
// Control API on the same server, for the bench:
//   GET  /_stats     counts since the last reset, and totals since start (JSON)
//   GET  /_arrivals  [{eventId, deliveryId, at}] since the last reset, `at` in epoch ms (sub-ms);
//                    ?from=N skips the first N, for polling
//   POST /_reset     starts a new phase: clears the arrivals and the phase counts
// Duplicates (a delivery id seen twice) are detected across the whole run, resets included.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    secret: { type: "string" },
    // A backstop: the bench stops the receiver itself; this bounds its life if the bench is killed
    // in a way that leaves stdin open.
    "max-seconds": { type: "string", default: "7200" },
  },
});
if (!values.secret) {
  console.error("usage: bench-receiver.ts --secret <webhook secret>");
  process.exit(2);
}
const secret = Buffer.from(values.secret, "utf8");

export type Arrival = { eventId: string; deliveryId: string; at: number };

export type ReceiverStats = {
  /** Since the last reset. */
  requests: number;
  /** Requests with a delivery id not seen before (in the whole run). */
  deliveries: number;
  events: number;
  duplicates: number;
  invalidSignatures: number;
  malformedBodies: number;
  firstAt: number | null;
  lastAt: number | null;
  /** Since start, resets included. */
  total: { requests: number; duplicates: number; invalidSignatures: number; malformedBodies: number };
};

/** Epoch milliseconds with sub-millisecond precision, the same clock the bench reads. */
const nowMs = () => performance.timeOrigin + performance.now();

const seen = new Set<string>();
let arrivals: Arrival[] = [];
let phase = { requests: 0, deliveries: 0, events: 0, duplicates: 0, invalidSignatures: 0, malformedBodies: 0 };
let firstAt: number | null = null;
let lastAt: number | null = null;
const total = { requests: 0, duplicates: 0, invalidSignatures: 0, malformedBodies: 0 };

function signatureValid(body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  // During a secret rotation the hub sends several, comma-separated: any one may match.
  return header.split(",").some((part) => {
    const got = Buffer.from(part.trim());
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

function eventIds(body: Buffer): string[] | null {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (!Array.isArray(parsed)) return null;
    return parsed.map((e: unknown) => String((e as { id?: unknown } | null)?.id ?? ""));
  } catch {
    return null;
  }
}

function record(at: number, body: Buffer, headers: http.IncomingHttpHeaders) {
  phase.requests++;
  total.requests++;
  firstAt ??= at;
  lastAt = at;
  const deliveryId = String(headers["x-qualifio-delivery"] ?? "");
  if (deliveryId && seen.has(deliveryId)) {
    phase.duplicates++;
    total.duplicates++;
  } else {
    if (deliveryId) seen.add(deliveryId);
    phase.deliveries++;
  }
  if (!signatureValid(body, headers["x-qualifio-signature"] as string | undefined)) {
    phase.invalidSignatures++;
    total.invalidSignatures++;
  }
  const ids = eventIds(body);
  if (!ids) {
    phase.malformedBodies++;
    total.malformedBodies++;
    return;
  }
  phase.events += ids.length;
  for (const eventId of ids) arrivals.push({ eventId, deliveryId, at });
}

function json(res: http.ServerResponse, value: unknown) {
  const body = JSON.stringify(value);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
}

function control(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://receiver");
  const path = url.pathname;
  if (req.method === "GET" && path === "/_stats") {
    const stats: ReceiverStats = { ...phase, firstAt, lastAt, total };
    return json(res, stats);
  }
  if (req.method === "GET" && path === "/_arrivals") return json(res, arrivals.slice(Number(url.searchParams.get("from") ?? 0) || 0));
  if (req.method === "POST" && path === "/_reset") {
    arrivals = [];
    phase = { requests: 0, deliveries: 0, events: 0, duplicates: 0, invalidSignatures: 0, malformedBodies: 0 };
    firstAt = null;
    lastAt = null;
    return json(res, { ok: true });
  }
  res.writeHead(404).end();
}

const server = http.createServer((req, res) => {
  // Taken when the request's headers are in: the moment the delivery reached the receiver.
  const at = nowMs();
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    if (req.url?.startsWith("/_")) return control(req, res);
    if (req.method !== "POST") return void res.writeHead(405).end();
    // Answer first: the hub's request is done as soon as the 204 is written; bookkeeping after.
    res.writeHead(204).end();
    record(at, Buffer.concat(chunks), req.headers);
  });
});
// The hub and the bench reuse connections; Node's default 5 s would close them between phases.
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;

server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The bench holds our stdin open: when it goes away, so do we.
process.stdin.on("end", stop).resume();
setTimeout(stop, Number(values["max-seconds"]) * 1000).unref();
