import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector } from "@/test/support/factories";
import { attentionText } from "./attention";
import { listConnectors } from "./queries";

const database = useTestDatabase();

const SINCE = new Date("2026-12-04T09:12:00Z");
const REASON = "Turned off automatically: every delivery attempt failed for 5 days (since 2026-11-29 09:12 UTC)";

describe("listConnectors: what needs attention", () => {
  it("flags a failing connector and one the hub turned off, not a healthy one", async () => {
    const { db } = database();
    const failing = await makeConnector(db, { active: true, alertState: "failing", alertStateSince: SINCE, consecutiveFailures: 8, failingSince: SINCE });
    const off = await makeConnector(db, { active: false, disabledReason: REASON, disabledAt: SINCE, alertState: "disabled", alertStateSince: SINCE });
    const healthy = await makeConnector(db, { active: true });
    const idle = await makeConnector(db, { active: false });

    const byId = new Map((await listConnectors(db)).map((c) => [c.id, c]));
    expect(byId.get(failing.id)?.attention).toEqual({ kind: "failing", since: SINCE, consecutiveFailures: 8 });
    expect(byId.get(off.id)?.attention).toEqual({ kind: "turned-off", reason: REASON });
    expect(byId.get(healthy.id)?.attention).toBeNull();
    expect(byId.get(idle.id)?.attention).toBeNull();
  });

  it("keeps a connector turned back on flagged until its episode closes", async () => {
    const { db } = database();
    // Turning it on clears disabled_reason; the "disabled" episode stays open until a delivery succeeds.
    const back = await makeConnector(db, { active: true, alertState: "disabled", alertStateSince: SINCE, consecutiveFailures: 3 });
    const [item] = (await listConnectors(db)).filter((c) => c.id === back.id);
    expect(item?.attention).toEqual({ kind: "failing", since: SINCE, consecutiveFailures: 3 });
  });
});

describe("attentionText", () => {
  it("says since when and how many attempts failed in a row", () => {
    expect(attentionText({ kind: "failing", since: SINCE, consecutiveFailures: 8 })).toMatch(/^Failing since .+, 8 consecutive failures\.$/);
    expect(attentionText({ kind: "failing", since: null, consecutiveFailures: 1 })).toBe("Failing, 1 consecutive failure.");
    expect(attentionText({ kind: "failing", since: null, consecutiveFailures: 0 })).toBe("Failing.");
  });

  it("gives the hub's reason for turning a connector off", () => {
    expect(attentionText({ kind: "turned-off", reason: REASON })).toBe(`${REASON}.`);
  });
});
