import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/db";
import { makeCtx, makeProgram } from "@/lib/testing/factories";
import { ingestExample, setUpConnector, subscribe, testRuntime } from "@/lib/testing/pipeline";
import { startReceiver, type Receiver } from "@/lib/testing/receiver";
import { LocalWorker } from "./worker";

const database = useTestDatabase();
const receivers: Receiver[] = [];
afterAll(async () => Promise.all(receivers.map((r) => r.close())));

describe("the local worker's wake-ups", () => {
  it("delivers announced work at once, without waiting for the poll, also while claims are running", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const receiver = await startReceiver();
    receivers.push(receiver);
    const connectorId = await setUpConnector(admin, { url: receiver.url });
    await subscribe(db, program.id, connectorId, "points.earned");
    // A poll far beyond the test's patience: only announcements can get these delivered.
    const worker = new LocalWorker(testRuntime(db), { pollIntervalMs: 60_000, log: () => undefined });
    worker.start();
    try {
      // Several at a time, so announcements land while a claim is still at the database.
      for (let round = 0; round < 10; round++) {
        await Promise.all(Array.from({ length: 8 }, () => ingestExample(db, program.id, "points.earned")));
      }
      const got = await receiver.waitFor(80, 15_000);
      expect(new Set(got.map((r) => r.headers["x-qualifio-delivery"])).size).toBe(80);
    } finally {
      await worker.stop(1000);
    }
  });
});
