import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeProgram } from "@/test/support/factories";
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
    const connector = await makeConnector(db(), { name: "CRM" });
    const view = await loadEventLogsView(db(), "marketer", parseEventLogFilters({ status: "failed", range: "7d" }), NOW);
    expect(view.query).toBe("status=failed&range=7d");
    expect(view.hasConnectors).toBe(true);
    expect(view.options).toEqual({
      connectors: [{ id: connector.id, name: "CRM", deleted: false }],
      programs: [{ id: program.id, name: "Coffee club" }],
    });
    expect(view.stats).toMatchObject({ to: NOW.toISOString(), unit: "day" });
    expect(view.serverNow).toBe(NOW.getTime());
  });
});
