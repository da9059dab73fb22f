import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCtx, makeProgram } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { attemptsOf, deliveriesOf, ingestExample, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { eventually, startReceiver, type Receiver } from "@/test/support/receiver";
import { LocalWorker } from "@/lib/delivery/engine/worker";

const database = useTestDatabase();
let worker: LocalWorker;
let echo: Receiver;

const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const token = "echoed-bearer-token-0123";
const tenantKey = "tenant-key-4567";

beforeAll(async () => {
  worker = new LocalWorker(testRuntime(database().db), { pollIntervalMs: 25, log: () => undefined });
  worker.start();
  // A receiver that answers with everything it got, as some debugging endpoints do, and the
  // signing secret it was configured with.
  echo = await startReceiver({
    secrets: [secret],
    reply: (_n, request) => ({
      status: 200,
      headers: {
        "Content-Type": "application/json",
        "X-Echo-Authorization": String(request.headers.authorization),
        "X-Echo-Signature": String(request.headers["x-qualifio-signature"]),
        "X-Echo-Token": token,
      },
      body: JSON.stringify({ headers: request.headers, body: request.body, secret, note: `secret=${secret}; token=${token}` }),
    }),
  });
});
afterAll(async () => {
  await worker.stop(1000);
  await echo.close();
});

describe("a receiver that echoes the request", () => {
  it("leaves no secret of the connector in the recorded response headers and body", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const connectorId = await setUpConnector(ctx, {
      url: echo.url,
      secret,
      signatureScheme: "qualifio+standard",
      authHeader: { name: "Authorization", value: `Bearer ${token}` },
      customHeaders: [
        { name: "X-Tenant-Key", value: tenantKey },
        { name: "X-Region", value: "eu" },
      ],
    });
    await subscribe(db, program.id, connectorId, "points.earned");
    const eventId = await ingestExample(db, program.id, "points.earned");
    worker.wake();
    const [got] = await echo.waitFor(1);
    expect(got!.qualifioValidFor).toEqual([secret]);

    const [delivery] = await deliveriesOf(db, eventId);
    const [attempt] = await eventually(async () => {
      const rows = await attemptsOf(db, delivery!.id);
      return rows.length > 0 ? rows : null;
    }, 15_000, "the attempt to be recorded");
    expect(attempt!.responseStatus).toBe(200);
    const stored = JSON.stringify([attempt!.responseHeaders, attempt!.responseBody]);
    const sent = [secret, token, tenantKey, got!.headers["x-qualifio-signature"], got!.headers["webhook-signature"]];
    for (const value of sent) expect(stored).not.toContain(String(value));
    expect(attempt!.responseHeaders).toMatchObject({
      "x-echo-authorization": "[redacted]",
      "x-echo-signature": "[redacted]",
      "x-echo-token": "[redacted]",
    });
    const body = JSON.parse(attempt!.responseBody!) as { headers: Record<string, string>; body: string; note: string };
    expect(body.headers).toMatchObject({ authorization: "[redacted]", "x-tenant-key": "[redacted]", "webhook-signature": "[redacted]" });
    expect(body.note).toBe("secret=[redacted]; token=[redacted]");
    // The echoed request body (JSON inside JSON) is left as it was, and so is a two-letter value.
    expect(JSON.parse(body.body)).toEqual(JSON.parse(got!.body));
    expect(body.headers["x-region"]).toBe("eu");
  });
});
