import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/lib/testing/factories";
import { claimDue } from "./lease";

const database = useTestDatabase();

/** A live connector allowing `cap` requests in flight, with `count` deliveries due. */
async function connectorWithDue(cap: number, count: number) {
  const { db } = database();
  const program = await makeProgram(db);
  const connector = await makeConnector(db, { notificationUrl: "https://hooks.example.com/in", active: true, maxInFlight: cap });
  const due = new Date(Date.now() - 60_000);
  for (let i = 0; i < count; i++) {
    const event = await makeEvent(db, program.id);
    await makeDelivery(db, { ...event, programId: program.id }, connector.id, { nextAttemptAt: new Date(due.getTime() + i) });
  }
  return connector.id;
}

describe("claimDue", () => {
  it("takes the oldest due deliveries up to the connector's cap, and nothing more while their leases run", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(2, 5);
    const first = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] });
    expect(first).toHaveLength(2);
    expect(await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] })).toEqual([]);
    expect(await claimDue(db, { owner: "worker-b", lanes: [{ connectorId, limit: 10 }] })).toEqual([]);
  });

  it("does not count the claimer's answered leases as in flight, but still counts everyone else's", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(2, 5);
    const first = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] });
    const answered = first.map((d) => d.id);
    // worker-a's two requests have ended and wait to be recorded: two more may go.
    const next = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, answered }] });
    expect(next).toHaveLength(2);
    expect(next.map((d) => d.id)).not.toEqual(expect.arrayContaining(answered));
    // Another process naming worker-a's leases does not free their slots.
    expect(await claimDue(db, { owner: "worker-b", lanes: [{ connectorId, limit: 10, answered }] })).toEqual([]);
    // Answered leases are never claimed again, though they no longer count.
    const again = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, answered: [...answered, ...next.map((d) => d.id)] }] });
    expect(again).toHaveLength(1);
    expect([...answered, ...next.map((d) => d.id)]).not.toContain(again[0]!.id);
  });
});
