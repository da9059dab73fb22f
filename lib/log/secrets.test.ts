import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerLog } from "@/lib/delivery/engine/local-driver";
import { LocalWorker } from "@/lib/delivery/engine/worker";
import { exampleInput } from "@/lib/events/catalog";
import { handleIngest, serveIngest } from "@/lib/events/http";
import { failEventInserts, useTestDatabase } from "@/test/support/db";
import { makeApiKey, makeCtx, makeProgram } from "@/test/support/factories";
import { captureLogs } from "@/test/support/logs";
import { attemptsOf, deliveriesOf, ingestExample, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { eventually, startReceiver } from "@/test/support/receiver";
import { requestListener } from "@/scripts/server.mjs";
import { CENSOR } from "./core.mjs";

/*
 * The paths that handle secrets, run for real with every line the app logs (at debug) captured:
 * none may carry a webhook secret, an auth header value or an API key.
 */
const database = useTestDatabase();
const plainKey = Symbol.for("integrations-hub.plain-ingest");
let capture: ReturnType<typeof captureLogs>;
beforeAll(() => {
  capture = captureLogs("debug");
});
afterAll(() => {
  capture.restore();
  delete (globalThis as Record<symbol, unknown>)[plainKey];
});

const webhookSecret = "whsec_bG9nLWxlYWstY2hlY2stc2VjcmV0LXZhbHVl";
const authValue = "Bearer connector-auth-value-9f3c2a";

describe("log lines", () => {
  it("carry no webhook secret, auth header value or API key", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const apiKey = await makeApiKey(db, program.id);

    // A connector with a secret and an auth header, delivered to a real receiver by a worker
    // logging as the app's does.
    const receiver = await startReceiver({ secrets: [webhookSecret], reply: (n) => ({ status: n === 1 ? 500 : 204 }) });
    const worker = new LocalWorker(testRuntime(db), { pollIntervalMs: 25, log: workerLog() });
    worker.start();
    try {
      const connectorId = await setUpConnector(ctx, { url: receiver.url, secret: webhookSecret, authHeader: { name: "Authorization", value: authValue } });
      await subscribe(db, program.id, connectorId, "points.earned");
      const eventId = await ingestExample(db, program.id, "points.earned");
      worker.wake();
      const [delivery] = await eventually(async () => {
        const found = await deliveriesOf(db, eventId);
        return found[0]?.status === "succeeded" ? found : null;
      });
      expect(await attemptsOf(db, delivery!.id)).toHaveLength(2);
      expect(receiver.received[0]!.headers.authorization).toBe(authValue);
    } finally {
      await worker.stop(1000);
      await receiver.close();
    }

    // Ingest with the API key through npm start's server: accepted, refused, and failing with a
    // 500 (whose line shows the request's headers); and the same failure through Next's route.
    const deps = { db, dispatch: async () => undefined };
    (globalThis as Record<symbol, unknown>)[plainKey] = (req: http.IncomingMessage, res: http.ServerResponse) => serveIngest(req, res, deps);
    const server = http.createServer(requestListener(() => undefined, capture.logger));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
    const post = (key: string, reqId: string) =>
      new Request(url, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-request-id": reqId },
        body: JSON.stringify(exampleInput("points.earned")),
      });
    try {
      expect((await fetch(post(apiKey.key, "ok-1"))).status).toBe(202);
      expect((await fetch(post(`ihk_${"x".repeat(43)}`, "refused-1"))).status).toBe(401);
      const undo = await failEventInserts(db, program.id, "P0001", "refused by a test trigger");
      try {
        expect((await fetch(post(apiKey.key, "failed-1"))).status).toBe(500);
        expect((await handleIngest(post(apiKey.key, "failed-2"), deps)).status).toBe(500);
      } finally {
        await undo();
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const lines = capture.lines();
    // The lines that could have leaked were written: request lines and both 500s with their headers.
    expect(lines.filter((l) => l.reqId === "ok-1" || l.reqId === "refused-1")).toHaveLength(2);
    for (const reqId of ["failed-1", "failed-2"]) {
      const failure = lines.find((l) => l.reqId === reqId && l.level === 50);
      expect((failure?.req as { headers?: Record<string, unknown> } | undefined)?.headers?.authorization).toBe(CENSOR);
    }
    const text = capture.raw.join("\n");
    for (const secret of [webhookSecret, webhookSecret.slice("whsec_".length), authValue, authValue.slice("Bearer ".length), apiKey.key, apiKey.key.slice(apiKey.prefix.length)]) {
      expect(text).not.toContain(secret);
    }
  });

  it("the local worker's lines go through the logger, as warnings except the retention sweep", () => {
    const from = capture.raw.length;
    const write = workerLog();
    write("[delivery] tick failed: connection refused");
    write("[delivery] retention: deleted 3 events older than 30 days");
    const lines = capture.raw.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, component: "delivery", msg: "tick failed: connection refused" }),
      expect.objectContaining({ level: 30, component: "delivery", msg: "retention: deleted 3 events older than 30 days" }),
    ]);
  });
});
