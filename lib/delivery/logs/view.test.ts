import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { parseEventLogFilters } from "./schemas";
import { loadEventLogsView } from "./view";

const database = useTestDatabase({ perTest: true });
const db = () => database().db;

const NOW = new Date("2025-06-10T12:00:00.000Z");

describe("loadEventLogsView", () => {
  it("says there is no connector yet on a fresh hub", async () => {
    const view = await loadEventLogsView(db(), "admin", parseEventLogFilters({}), NOW);
    expect(view).toMatchObject({ query: "", page: { rows: [], nextCursor: null }, hasConnectors: false, serverNow: NOW.getTime() });
    expect(view.options).toEqual({ connectors: [], programs: [] });
  });

  it("reads the rows, the stats and the selects for the same filters at the same instant", async () => {
    const program = await makeProgram(db(), "Coffee club");
    const url = "https://crm.example/hook?token=abc123";
    const connector = await makeConnector(db(), { name: "CRM", notificationUrl: url });
    // A day before NOW: inside the 7-day range only if the rows are read at NOW, as the stats are.
    const dayBefore = new Date(NOW.getTime() - 24 * 3600_000);
    const event = await makeEvent(db(), program.id, { occurredAt: dayBefore });
    const failed = await makeDelivery(db(), event, connector.id, {
      status: "failed",
      createdAt: dayBefore,
      lastError: `connect ECONNREFUSED ${url}`,
    });
    const view = await loadEventLogsView(db(), "marketer", parseEventLogFilters({ status: "failed", range: "7d" }), NOW);
    expect(view.query).toBe("status=failed&range=7d");
    expect(view.page.rows.map((row) => row.id)).toEqual([failed.id]);
    // Read as the marketer: the notification URL (and its token) is not in the error.
    expect(view.page.rows[0]!.lastError).not.toContain("abc123");
    expect(view.stats.totals.failed).toBe(1);
    expect(view.hasConnectors).toBe(true);
    expect(view.options).toEqual({
      connectors: [{ id: connector.id, name: "CRM", deleted: false }],
      programs: [{ id: program.id, name: "Coffee club" }],
    });
    expect(view.stats).toMatchObject({ to: NOW.toISOString(), unit: "day" });
    expect(view.serverNow).toBe(NOW.getTime());
  });
});
