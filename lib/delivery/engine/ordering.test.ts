import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectors, deliveries } from "@/db/schema";
import { getDeliveryDetail } from "@/lib/delivery/logs/delivery-queries";
import { exampleInput } from "@/lib/events/catalog";
import { ingestEvents, validateIngestBody } from "@/lib/events/ingest";
import { listDeliveries } from "@/lib/delivery/logs/queries";
import { parseEventLogFilters } from "@/lib/delivery/logs/schemas";
import { useTestDatabase } from "@/test/support/db";
import { adminAndProgram, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { eventually } from "@/test/support/receiver";
import { claimDelivery } from "./lease";
import { LocalWorker } from "./worker";

/*
 * "Deliver each member's events in order": with two workers on one database and a receiver that
 * fails one member's requests for a while, no request for a member's event goes out before every
 * earlier event of that member got its 2xx, and the other members keep flowing meanwhile.
 */

const database = useTestDatabase();
const startReceiver = useReceivers();

const MEMBERS = ["m-a", "m-b", "m-c", "m-d"];
const PER_MEMBER = 6;

/** Points-earned events for the members, interleaved: a, b, c, d, a, b, …; `points` is each one's rank. */
function interleaved(from: number, to: number) {
  const items = [];
  for (let rank = from; rank < to; rank++) {
    for (const id of MEMBERS) {
      const example = exampleInput("points.earned");
      items.push({ ...example, member: { ...example.member, id }, data: { ...example.data, points: rank + 1 } });
    }
  }
  const validated = validateIngestBody(items);
  if (!validated.ok) throw new Error("invalid test events");
  return validated.items;
}

type Sent = { member: string; rank: number };
const sentOf = (events: Array<Record<string, unknown>> | null): Sent => {
  const event = events![0] as { member: { id: string }; data: { points: number } };
  return { member: event.member.id, rank: event.data.points };
};

async function orderedSetUp(options: { failUntil: () => boolean }) {
  const { db } = database();
  const { admin, program } = await adminAndProgram(db);
  /** Per member, the highest rank that got a 2xx. */
  const delivered = new Map<string, number>();
  const overtaken: string[] = [];
  const receiver = await startReceiver({
    reply: (_n, request) => {
      const { member, rank } = sentOf(request.events);
      const done = delivered.get(member) ?? 0;
      // A request for rank k is only in order once ranks 1…k-1 were answered with a 2xx.
      if (rank > done + 1) overtaken.push(`${member}#${rank} sent before #${done + 1} was delivered`);
      if (member === "m-a" && options.failUntil()) return { status: 503 };
      delivered.set(member, Math.max(done, rank));
      return { status: 204 };
    },
  });
  const connectorId = await setUpConnector(admin, { url: receiver.url });
  await db.update(connectors).set({ orderedByMember: true, maxInFlight: 8 }).where(eq(connectors.id, connectorId));
  await subscribe(db, program.id, connectorId, "points.earned");
  return { db, program, receiver, connectorId, delivered, overtaken };
}

describe("member-ordered delivery", () => {
  it("keeps each member's order across retries with two workers, and lets the other members flow", async () => {
    let othersDone = false;
    const { db, program, receiver, delivered, overtaken } = await orderedSetUp({ failUntil: () => !othersDone });
    // Retries every 30 ms for long enough that member a is still being retried when the others finish.
    const runtime = () => testRuntime(db, { policy: { ...testRuntime(db).policy, schedule: Array.from({ length: 60 }, () => 30), jitter: 0 } });
    const workers = [1, 2].map(() => new LocalWorker(runtime(), { pollIntervalMs: 50, log: () => undefined }));
    workers.forEach((w) => w.start());
    try {
      // One batch, then single events, so order holds within a batch and between requests.
      await ingestEvents(db, program.id, interleaved(0, 3));
      for (let rank = 3; rank < PER_MEMBER; rank++) await ingestEvents(db, program.id, interleaved(rank, rank + 1));
      // Every other member gets everything while member a's first event is still failing.
      await eventually(async () => MEMBERS.slice(1).every((m) => delivered.get(m) === PER_MEMBER), 15_000, "the other members delivered");
      expect(delivered.get("m-a") ?? 0).toBe(0);
      const aSoFar = receiver.received.map((r) => sentOf(r.events)).filter((s) => s.member === "m-a");
      expect(aSoFar.length).toBeGreaterThan(1);
      expect(new Set(aSoFar.map((s) => s.rank))).toEqual(new Set([1]));
      othersDone = true;
      await eventually(async () => delivered.get("m-a") === PER_MEMBER, 15_000, "member a delivered");
      expect(overtaken).toEqual([]);
      const open = await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.programId, program.id));
      expect(open).toHaveLength(MEMBERS.length * PER_MEMBER);
    } finally {
      await Promise.all(workers.map((w) => w.stop(1000)));
    }
  });

  it("makes a single claim (Inngest steps, replays) wait for the member's earlier delivery", async () => {
    const { db, program, connectorId } = await orderedSetUp({ failUntil: () => false });
    await ingestEvents(db, program.id, interleaved(0, 2));
    const rows = await db
      .select({ id: deliveries.id, memberId: deliveries.memberId, seq: deliveries.seq })
      .from(deliveries)
      .where(eq(deliveries.connectorId, connectorId))
      .orderBy(deliveries.seq);
    const ofA = rows.filter((r) => r.memberId === "m-a");
    expect(ofA).toHaveLength(2);
    expect(await claimDelivery(db, ofA[1]!.id, "test")).toEqual({ kind: "waiting", earlierDeliveryId: ofA[0]!.id });
    expect((await claimDelivery(db, ofA[0]!.id, "test")).kind).toBe("claimed");
    // Another member's first delivery is not held up by member a.
    const ofB = rows.filter((r) => r.memberId === "m-b");
    expect((await claimDelivery(db, ofB[0]!.id, "test")).kind).toBe("claimed");
    // The event log shows the waiting one, pointing at the delivery it waits for.
    const log = await listDeliveries(db, "admin", parseEventLogFilters({ connector: connectorId }));
    const waiting = new Map(log.rows.map((r) => [r.id, r.waitingForDeliveryId]));
    expect(waiting.get(ofA[1]!.id)).toBe(ofA[0]!.id);
    expect(waiting.get(ofA[0]!.id)).toBeNull();
    // And so does the delivery's own page.
    expect((await getDeliveryDetail(db, ofA[1]!.id, "marketer"))!.waitingForDeliveryId).toBe(ofA[0]!.id);
    expect((await getDeliveryDetail(db, ofA[0]!.id, "marketer"))!.waitingForDeliveryId).toBeNull();
    expect(waiting.get(ofB[0]!.id)).toBeNull();
  });

  it("leaves connectors without the option unordered: no member id is copied", async () => {
    const { db, program, connectorId } = await orderedSetUp({ failUntil: () => false });
    await db.update(connectors).set({ orderedByMember: false }).where(eq(connectors.id, connectorId));
    await ingestEvents(db, program.id, interleaved(0, 2));
    const rows = await db.select({ id: deliveries.id, memberId: deliveries.memberId }).from(deliveries).where(eq(deliveries.connectorId, connectorId));
    expect(rows.every((r) => r.memberId === null)).toBe(true);
    const second = rows[rows.length - 1]!;
    expect((await claimDelivery(db, second.id, "test")).kind).toBe("claimed");
  });
});
