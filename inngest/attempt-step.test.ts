import { afterAll, describe, expect, it } from "vitest";
import { scrapeMetrics } from "@/lib/observability/scrape";
import { useTestDatabase } from "@/test/support/db";
import { makeDelivery, makeEvent } from "@/test/support/factories";
import { adminAndProgram, setUpConnector, testRuntime } from "@/test/support/pipeline";
import { Scrape } from "@/test/support/prometheus";
import { startReceiver } from "@/test/support/receiver";
import { attemptStep } from "./attempt-step";

const database = useTestDatabase();

describe("an attempt step", () => {
  const receiver = startReceiver({ reply: () => ({ status: 503 }) });
  afterAll(async () => (await receiver).close());

  it("is counted in the delivery metrics like the local worker's attempts", async () => {
    const db = database().db;
    const { admin, program } = await adminAndProgram(db);
    const connectorId = await setUpConnector(admin, { url: (await receiver).url });
    const delivery = await makeDelivery(db, await makeEvent(db, program.id), connectorId);
    const result = await attemptStep(testRuntime(db), delivery.id, "inngest-run");
    expect(result).toMatchObject({ done: false, reason: "retry" });
    const s = new Scrape((await scrapeMetrics(db)).body);
    expect(s.value("hub_delivery_attempts_total", { connector: connectorId, outcome: "retrying" })).toBe(1);
    expect(s.value("hub_delivery_attempt_duration_seconds_count", { connector: connectorId })).toBe(1);
  });
});
