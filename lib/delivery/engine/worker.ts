import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { onWork } from "./announce";
import { connectorUsable, pause, sendClaimed } from "@/lib/delivery/attempts/perform";
import type { DeliveryConnector } from "./connector-cache";
import { fanOutEvents, pendingFanOut } from "./fanout";
import {
  claimDue,
  connectorsWithDueWork,
  EXPIRED_LEASE_KEEP_MS,
  LEASE_MARGIN_MS,
  releaseLease,
  releaseLeases,
  sweepExpiredLeases,
  vacuumLeases,
  type ClaimedDelivery,
} from "./lease";
import { ALERTS_EVERY_MS, checkAlerts } from "@/lib/alerts/run";
import { Batcher } from "@/lib/batcher";
import { countAttempt, metrics, type WorkerErrorStage } from "@/lib/observability/metrics";
import { recordAttempts, type RecordAttemptInput, type RecordAttemptOutcome } from "@/lib/delivery/attempts/record";
import { deleteExpiredLogs } from "./retention";
import type { DeliveryRuntime } from "./runtime";
import { reserveSendSlots } from "./throttle";

export type WorkerOptions = {
  /** The safety net: how often to look for work nobody announced (expired leases, reactivated connectors). */
  pollIntervalMs: number;
  /** Attempts in flight in this process, across all connectors: being sent, or sent and not yet recorded. */
  maxConcurrent?: number;
  retentionDays?: number;
  log?: (message: string) => void;
  /** Leases this worker removes between two vacuums of the lease table (see vacuumLeases). */
  vacuumLeasesEvery?: number;
  /** How long the list of connectors may be reused before it is read again. */
  connectorRefreshMs?: number;
  /**
   * Subscribes to other instances' "new work" announcements (PostgreSQL LISTEN); returns the
   * unsubscribe. Without it, work from other processes waits for the poll.
   */
  subscribe?: (onWork: (connectorIds?: readonly string[]) => void) => Promise<() => Promise<void>>;
};

const RETENTION_EVERY_MS = 24 * 60 * 60_000;
/** Attempts recorded per transaction at most. */
const RECORD_BATCH = 200;
/** How long a batch started by an idle recorder waits for more attempts. */
const RECORD_GATHER_MS = 5;
/** Batches being committed at once: while one waits for the database, the next one can go. */
const FLUSHERS = 2;
/** Default of WorkerOptions.vacuumLeasesEvery: a few pages of dead lease rows. */
const VACUUM_LEASES_EVERY = 2000;
/** How long a lane claims nothing ahead after its queued deliveries waited too long for a slot. */
const NO_QUEUE_AFTER_STALE_MS = 60_000;

/** A claimed delivery waiting here for one of its connector's slots. */
type Queued = {
  claimed: ClaimedDelivery;
  /** Local clock: when a rate-limit slot allows the request. */
  sendAt: number;
  /** Local clock: when it was queued. */
  queuedAt: number;
};

/** One connector's share of this worker: its attempts in flight here, and whether it has more due. */
type Lane = {
  /** Requests of this connector being sent from here. */
  inFlight: number;
  /** How many requests this worker may have in flight for the connector (its cap less other owners' leases, as of the last claim). */
  sendable: number;
  /** Claimed deliveries waiting for a slot, oldest due first: a request that ends hands its slot to the next at once. */
  queue: Queued[];
  /** Until then (local clock) nothing is claimed ahead: queued deliveries waited too long for a slot. */
  noQueueUntil: number;
  /** Deliveries whose request has ended but whose attempt is not recorded yet (their lease is still held). */
  answered: Set<string>;
  drained: boolean;
  claiming: boolean;
  /** Bumped by every announcement, so a claim that started before one cannot mark the lane drained. */
  announced: number;
};

/**
 * The local delivery driver: a loop inside the app process. Per connector it claims due deliveries
 * (FOR UPDATE SKIP LOCKED, within the connector's cap across every process, see lease.ts), sends
 * them concurrently over kept-alive connections, and records the results in batches. It wakes when
 * work is announced (ingest in this process, a NOTIFY from another, a retry falling due) rather than
 * waiting for the poll; the poll only catches what nobody announced. A receiver that hangs until its
 * timeout only holds its own connector's slots, so other connectors keep flowing.
 */
export class LocalWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly lanes = new Map<string, Lane>();
  private connectors: DeliveryConnector[] = [];
  private connectorsReadAt = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private ticking: Promise<void> | undefined;
  private tickQueued = false;
  private again = false;
  private sweepDue = true;
  private stopping = false;
  private lastRetention = 0;
  private lastLeaseSweep = 0;
  /** Leases removed (attempts recorded, leases given back) since the lease table was last vacuumed. */
  private leasesRemoved = 0;
  private vacuuming: Promise<void> | undefined;
  private lastAlerts = 0;
  /** The alerts pass under way: it runs beside the ticks, so a slow destination never holds up a claim. */
  private alerting: Promise<void> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private stopListening: (() => void) | undefined;
  /**
   * Attempts finishing together are recorded in one transaction: a batch costs the same handful of
   * statements whatever its size. While one batch commits the next one fills up, so under load each
   * carries many attempts, and when idle each goes after a few milliseconds (the receiver already
   * has its answer). One bad row (its delivery deleted meanwhile) must not sink the others.
   */
  private readonly recorder: Batcher<RecordAttemptInput, RecordAttemptOutcome>;
  private readonly claims = new Set<Promise<void>>();
  /** Slots promised to claims still running, so overlapping claims never exceed maxConcurrent. */
  private claimingSlots = 0;
  /** Claimed deliveries waiting in the lanes' queues. */
  private queued = 0;
  private readonly maxConcurrent: number;
  private startedAt: Date | undefined;
  private lastTickAt: Date | undefined;

  constructor(
    private readonly rt: DeliveryRuntime,
    private readonly options: WorkerOptions,
  ) {
    this.maxConcurrent = options.maxConcurrent ?? 200;
    this.recorder = new Batcher({
      run: (inputs) => recordAttempts(rt.db, inputs),
      maxWeight: RECORD_BATCH,
      concurrency: FLUSHERS,
      gatherMs: RECORD_GATHER_MS,
      retryAlone: () => true,
    });
  }

  start() {
    this.stopping = false;
    this.startedAt = new Date();
    this.schedulePoll();
    this.stopListening = onWork((connectorIds) => this.wake(connectorIds));
    if (this.options.subscribe) {
      this.options
        .subscribe((connectorIds) => this.wake(connectorIds))
        .then((unsubscribe) => {
          if (this.stopping) void unsubscribe();
          else this.unsubscribe = unsubscribe;
        })
        .catch((error: unknown) => this.fail("subscribe", `not listening for other instances' work (the poll still finds it): ${message(error)}`));
    }
    this.wake();
  }

  /**
   * New work may be due: for these connectors (deliveries were planned here or in another instance),
   * or for any when none are named.
   */
  wake(connectorIds?: readonly string[]) {
    if (!connectorIds || connectorIds.length === 0) {
      for (const lane of this.lanes.values()) undrain(lane);
    } else {
      for (const id of connectorIds) {
        undrain(this.lane(id));
        // A connector this worker has not seen yet (just created or turned on): read the list again.
        if (!this.connectors.some((c) => c.id === id)) this.connectorsReadAt = 0;
      }
    }
    this.requestTick();
  }

  get inFlightCount() {
    return this.inFlight.size;
  }

  /**
   * For health checks: when the loop last completed a pass. It passes at least once per poll
   * interval even with nothing to do, so a heartbeat older than a few intervals means the loop is
   * stuck (a query that never returns) or every pass fails (the database is gone).
   */
  get heartbeat(): { running: boolean; startedAt: Date | undefined; lastTickAt: Date | undefined } {
    return { running: this.startedAt !== undefined && !this.stopping, startedAt: this.startedAt, lastTickAt: this.lastTickAt };
  }

  /**
   * Resolves at the first moment nothing is under way here: no pass running or queued, no claim, no
   * attempt being sent or recorded. Tests that assert something was *not* sent call it after wake():
   * every pass the wake asked for, and all it started, has then run to the end. Under steady load
   * it may not resolve, so production code does not wait on it.
   */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...(this.ticking ? [this.ticking] : []), ...this.claims, ...this.inFlight.values()];
      if (busy.length > 0) await Promise.allSettled(busy);
      // A pass asked for by the one that just ended (or by wake) starts on the next turn.
      else if (this.tickQueued) await new Promise((resolve) => setImmediate(resolve));
      else return;
    }
  }

  /**
   * Stops claiming work and waits for attempts in flight to finish and be recorded; any still
   * running after `graceMs` have their leases released so another process (or the next start)
   * retries them.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.stopListening?.();
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer?.timer);
    await this.unsubscribe?.().catch(() => undefined);
    await this.ticking;
    await Promise.allSettled([...this.claims]);
    // Queued deliveries never started: give them back at once.
    const queued = [...this.lanes.values()].flatMap((lane) => lane.queue.splice(0).map((q) => q.claimed.id));
    this.queued = 0;
    await releaseLeases(this.rt.db, queued, this.owner).catch(() => undefined);
    // An alerts pass in flight gets the same grace (its row is taken again later if cut short).
    const pending = [...this.inFlight.values(), ...(this.alerting ? [this.alerting] : [])];
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise((r) => (timeout = setTimeout(r, graceMs)))]);
    clearTimeout(timeout);
    await this.recorder.idle();
    await releaseLeases(this.rt.db, [...this.inFlight.keys()], this.owner).catch(() => undefined);
    await this.vacuuming;
  }

  /** Coalesces wake-ups: many in one turn of the event loop (a burst of completions) make one tick. */
  private requestTick() {
    if (this.stopping) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.tickQueued) return;
    this.tickQueued = true;
    setImmediate(() => {
      this.tickQueued = false;
      this.ticking = this.tick()
        .then(() => {
          this.lastTickAt = new Date();
          metrics().workerTicks.inc();
        })
        .catch((error: unknown) => this.fail("tick", `tick failed: ${message(error)}`))
        .finally(() => {
          this.ticking = undefined;
          if (this.again) {
            this.again = false;
            this.requestTick();
          }
        });
    });
  }

  private schedulePoll() {
    clearTimeout(this.pollTimer);
    if (this.stopping) return;
    this.pollTimer = setTimeout(() => {
      this.sweepDue = true;
      this.requestTick();
      this.schedulePoll();
    }, this.options.pollIntervalMs);
    this.pollTimer.unref?.();
  }

  /** Wakes when a retry this process scheduled falls due, not a poll later. */
  private wakeAt(at: Date) {
    const when = at.getTime();
    if (this.stopping || (this.retryTimer && this.retryTimer.at <= when)) return;
    clearTimeout(this.retryTimer?.timer);
    const timer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, Math.max(0, when - Date.now()));
    timer.unref?.();
    this.retryTimer = { at: when, timer };
  }

  private async tick() {
    const { db } = this.rt;
    if (this.sweepDue) {
      this.sweepDue = false;
      // Ingest plans deliveries in its own statement; this only catches events stored otherwise
      // (older versions, a crash of an engine that fans out later).
      const pending = await pendingFanOut(db, 500, this.rt.now());
      if (pending.length > 0) await fanOutEvents(db, pending, this.rt.now());
      await this.retention();
      await this.sweepLeases();
      this.alerts();
      // Work nobody announced here: leases that ran out, retries another process scheduled, a
      // connector turned back on. One query names the connectors to claim for.
      const due = await connectorsWithDueWork(db);
      for (const id of due) {
        undrain(this.lane(id));
        if (!this.connectors.some((c) => c.id === id)) this.connectorsReadAt = 0;
      }
    }
    const refreshMs = this.options.connectorRefreshMs ?? 2000;
    if (Date.now() - this.connectorsReadAt > refreshMs) {
      this.connectors = await this.rt.connectors.deliverable(db);
      this.connectorsReadAt = Date.now();
    }
    for (const connector of this.connectors) this.pump(this.lane(connector.id));
    // Every connector with room, work and no claim under way, in one claim. Claims are not awaited
    // here: while one is at the database, slots freed meanwhile go into the next one.
    const lanes: { connector: DeliveryConnector; lane: Lane; limit: number; ahead: number }[] = [];
    // Attempts waiting to be recorded still count here: what a killed process sends again is
    // bounded by maxConcurrent, whether its requests were on the wire or their outcomes in memory.
    let room = this.maxConcurrent - this.inFlight.size - this.claimingSlots - this.queued;
    for (const connector of this.connectors) {
      if (this.stopping || room <= 0) break;
      const lane = this.lane(connector.id);
      if (lane.drained || lane.claiming) continue;
      // A live connector without a rate limit keeps up to a full round of requests queued behind
      // the ones in flight, claimed when the queue is half empty.
      const ahead = connector.active && !connector.rateLimitPerSecond && lane.noQueueUntil <= Date.now() ? connector.maxInFlight : 0;
      if (ahead > 0 && lane.queue.length > ahead / 2) continue;
      const sendable = Math.min(lane.sendable, connector.maxInFlight);
      const limit = Math.min(room, sendable + ahead - lane.inFlight - lane.queue.length, connector.rateLimitPerSecond ?? Infinity);
      if (limit <= 0) continue;
      room -= limit;
      lanes.push({ connector, lane, limit, ahead });
    }
    if (lanes.length === 0) return;
    const slots = lanes.reduce((n, l) => n + l.limit, 0);
    for (const l of lanes) l.lane.claiming = true;
    this.claimingSlots += slots;
    const claim = this.claim(lanes)
      .catch((error: unknown) => this.fail("claim", `claim failed: ${message(error)}`))
      .finally(() => {
        for (const l of lanes) l.lane.claiming = false;
        this.claimingSlots -= slots;
        this.claims.delete(claim);
        this.requestTick();
      });
    this.claims.add(claim);
  }

  private lane(connectorId: string): Lane {
    let lane = this.lanes.get(connectorId);
    if (!lane) {
      lane = { inFlight: 0, sendable: Infinity, queue: [], noQueueUntil: 0, answered: new Set(), drained: false, claiming: false, announced: 0 };
      this.lanes.set(connectorId, lane);
    }
    return lane;
  }

  private async claim(lanes: { connector: DeliveryConnector; lane: Lane; limit: number; ahead: number }[]) {
    const announcedBefore = lanes.map(({ lane }) => lane.announced);
    // The lease also covers the wait for this batch's rate-limit slots.
    const extraLeaseMs = lanes.map(({ connector, limit }) => (connector.rateLimitPerSecond ? Math.ceil((limit * 1000) / connector.rateLimitPerSecond) : 0));
    const { deliveries, sendable } = await claimDue(this.rt.db, {
      owner: this.owner,
      leaseMarginMs: this.rt.leaseMarginMs,
      lanes: lanes.map(({ connector, lane, limit, ahead }, i) => ({
        connectorId: connector.id,
        limit,
        ahead,
        answered: [...lane.answered],
        extraLeaseMs: extraLeaseMs[i],
        testOnly: !connector.active,
      })),
    });
    for (const [i, { connector, lane, limit }] of lanes.entries()) {
      lane.sendable = sendable.get(connector.id) ?? lane.sendable;
      const mine = deliveries.filter((c) => c.connectorId === connector.id);
      // Fewer than asked: nothing else is due (or its cap is full elsewhere). Completions here do not
      // claim for it again until something announces new work, unless work was announced while this
      // claim ran (it may have been committed after the claim looked).
      if (mine.length < limit && lane.announced === announcedBefore[i]) lane.drained = true;
      if (mine.length === 0) continue;
      const waits = await reserveSendSlots(this.rt.db, connector.id, connector.rateLimitPerSecond, mine.length);
      const now = Date.now();
      for (const [j, claimed] of mine.entries()) lane.queue.push({ claimed, sendAt: now + (waits[j] ?? 0), queuedAt: now });
      this.queued += mine.length;
      this.pump(lane);
    }
    // A lane whose slots are all taken by other processes cannot send what it has queued: give it
    // back rather than sit on it.
    for (const { lane } of lanes) {
      if (lane.sendable === 0 && lane.queue.length > 0) this.giveBack(lane, lane.queue.splice(0), false);
    }
  }

  /** Releases queued leases; `reclaim`: claim again (they are still due), else wait for new work or the poll. */
  private giveBack(lane: Lane, queued: Queued[], reclaim: boolean) {
    this.queued -= queued.length;
    if (reclaim) undrain(lane);
    const ids = queued.map((q) => q.claimed.id);
    this.leaseRemoved(ids.length);
    void releaseLeases(this.rt.db, ids, this.owner)
      .catch((error: unknown) => this.fail("release", `giving back ${ids.length} leases failed (they run out instead): ${message(error)}`))
      .finally(() => this.requestTick());
  }

  /** Starts queued deliveries while the lane has free slots. */
  private pump(lane: Lane) {
    // A delivery's lease covers its request and recording with a margin; waiting in the queue for a
    // slot may use up half of that margin, after which it goes back for the next claim. Its
    // connector is slow then, so for a while the lane claims only what it can send at once.
    const maxWaitMs = (this.rt.leaseMarginMs ?? LEASE_MARGIN_MS) / 2;
    const stale: Queued[] = [];
    while (!this.stopping && lane.queue.length > 0 && lane.inFlight < lane.sendable) {
      const next = lane.queue.shift()!;
      if (Date.now() - next.queuedAt > maxWaitMs) {
        stale.push(next);
        continue;
      }
      this.queued--;
      this.run(next.claimed, lane, next.sendAt - Date.now());
    }
    if (stale.length > 0) {
      lane.noQueueUntil = Date.now() + NO_QUEUE_AFTER_STALE_MS;
      this.giveBack(lane, stale, true);
    }
  }

  private run(claimed: ClaimedDelivery, lane: Lane, waitMs: number) {
    lane.inFlight++;
    const run = this.attempt(claimed, lane, waitMs)
      .catch(async (error: unknown) => {
        // Not retried here: a persistent fault (database down) waits for the next poll.
        this.fail("attempt", `attempt of ${claimed.id} failed to run: ${message(error)}`);
        await releaseLease(this.rt.db, claimed.id, this.owner).catch(() => undefined);
      })
      .finally(() => {
        // Still counted as sending unless attempt() handed it over to recording.
        if (!lane.answered.delete(claimed.id)) {
          lane.inFlight--;
          this.pump(lane);
        }
        this.inFlight.delete(claimed.id);
        // A freed slot may let a queued delivery of this connector go now.
        this.requestTick();
      });
    this.inFlight.set(claimed.id, run);
  }

  private async attempt(claimed: ClaimedDelivery, lane: Lane, waitMs: number) {
    const { db } = this.rt;
    const connector =
      this.rt.connectors.cached(claimed.connectorId, claimed.connectorUpdatedAt) ??
      (await this.rt.connectors.get(db, claimed.connectorId, claimed.connectorUpdatedAt));
    if (claimed.status === "succeeded" || claimed.status === "failed" || !connectorUsable(connector, claimed, "scheduled")) {
      await releaseLease(db, claimed.id, this.owner);
      return;
    }
    if (waitMs > 0) await pause(waitMs);
    if (this.stopping) {
      await releaseLease(db, claimed.id, this.owner);
      return;
    }
    const input = await sendClaimed(this.rt, claimed, connector, { owner: this.owner, trigger: "scheduled" });
    // The request has ended: its slot goes to the connector's next delivery while this one is
    // recorded (the lease still keeps any process from sending it again meanwhile).
    lane.inFlight--;
    lane.answered.add(claimed.id);
    this.pump(lane);
    this.requestTick();
    const outcome = await this.recorder.submit(input);
    this.leaseRemoved(1);
    countAttempt(claimed.connectorId, input.result.success, outcome.status, input.result.durationMs);
    if (outcome.nextAttemptAt) this.wakeAt(outcome.nextAttemptAt);
    // Member-ordered: a finished delivery lets the member's next one go, which the last claim
    // left behind (and so may have marked the lane drained).
    else if (claimed.ordered) {
      undrain(lane);
      this.requestTick();
    }
  }

  /** Connectors in trouble get their alerts, and alert destinations their operational events. */
  private alerts() {
    if (this.alerting || Date.now() - this.lastAlerts < ALERTS_EVERY_MS) return;
    this.lastAlerts = Date.now();
    this.alerting = checkAlerts(this.rt)
      .then(({ made, sent }) => {
        for (const alert of made) this.log(`alert ${alert.kind}: ${alert.message}`);
        for (const s of sent.filter((o) => !o.delivered)) {
          this.log(`alert ${s.id} not delivered to its destination${s.gaveUp ? " (gave up)" : ""}: ${s.error}`);
        }
      })
      .catch((error: unknown) => this.fail("alerts", `alerts pass failed: ${message(error)}`))
      .finally(() => {
        this.alerting = undefined;
      });
  }

  /** Vacuums the lease table once enough leases were removed, beside the claims (never awaited by them). */
  private leaseRemoved(count: number) {
    this.leasesRemoved += count;
    if (this.vacuuming || this.stopping || this.leasesRemoved < (this.options.vacuumLeasesEvery ?? VACUUM_LEASES_EVERY)) return;
    this.leasesRemoved = 0;
    this.vacuuming = vacuumLeases(this.rt.db)
      .catch((error: unknown) => this.fail("vacuum", `vacuum of the lease table failed: ${message(error)}`))
      .finally(() => {
        this.vacuuming = undefined;
      });
  }

  /** Leases that ran out a while ago (their holder died) go, once per EXPIRED_LEASE_KEEP_MS. */
  private async sweepLeases() {
    if (Date.now() - this.lastLeaseSweep < EXPIRED_LEASE_KEEP_MS) return;
    this.lastLeaseSweep = Date.now();
    await sweepExpiredLeases(this.rt.db);
  }

  private async retention() {
    if (!this.options.retentionDays || Date.now() - this.lastRetention < RETENTION_EVERY_MS) return;
    this.lastRetention = Date.now();
    const deleted = await deleteExpiredLogs(this.rt.db, this.options.retentionDays, this.rt.now());
    if (deleted > 0) this.log(`retention: deleted ${deleted} events older than ${this.options.retentionDays} days`);
  }

  private fail(stage: WorkerErrorStage, text: string) {
    metrics().workerErrors.labels(stage).inc();
    this.log(text);
  }

  private log(text: string) {
    (this.options.log ?? console.log)(`[delivery] ${text}`);
  }
}

function undrain(lane: Lane) {
  lane.drained = false;
  lane.announced++;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
