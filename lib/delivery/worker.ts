import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { performAttempt } from "./attempt";
import { fanOutEvent, pendingFanOut } from "./fanout";
import { claimDueDeliveries, releaseLease } from "./lease";
import { deleteExpiredLogs } from "./retention";
import type { DeliveryRuntime } from "./runtime";

export type WorkerOptions = {
  pollIntervalMs: number;
  /** Attempts in flight in this process, across all connectors. */
  maxConcurrent?: number;
  retentionDays?: number;
  log?: (message: string) => void;
};

const RETENTION_EVERY_MS = 24 * 60 * 60_000;

/**
 * The local delivery driver: a loop inside the app process that fans out new events and attempts
 * due deliveries, leasing them with FOR UPDATE SKIP LOCKED so several processes on one PostgreSQL
 * share the work. Attempts run concurrently; a receiver that hangs until its timeout only holds its
 * own slots, so other connectors keep flowing.
 */
export class LocalWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  private lastRetention = 0;
  private readonly maxConcurrent: number;

  constructor(
    private readonly rt: DeliveryRuntime,
    private readonly options: WorkerOptions,
  ) {
    this.maxConcurrent = options.maxConcurrent ?? 50;
  }

  start() {
    this.stopping = false;
    this.wake();
  }

  /** Runs a tick now (new events were ingested, or an attempt finished). */
  wake() {
    if (this.stopping) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.ticking = this.tick()
      .catch((error: unknown) => this.log(`tick failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.ticking = undefined;
        if (this.stopping) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.options.pollIntervalMs);
          this.timer.unref?.();
        }
      });
  }

  get inFlightCount() {
    return this.inFlight.size;
  }

  /**
   * Stops claiming work and waits for attempts in flight to finish; any still running after
   * `graceMs` have their leases released so another process (or the next start) retries them.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ticking;
    const pending = [...this.inFlight.values()];
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise((r) => (timeout = setTimeout(r, graceMs)))]);
    clearTimeout(timeout);
    for (const id of this.inFlight.keys()) await releaseLease(this.rt.db, id, this.owner).catch(() => undefined);
  }

  private async tick() {
    const { db, now } = this.rt;
    for (const eventId of await pendingFanOut(db, 100, now())) {
      if (this.stopping) return;
      await fanOutEvent(db, eventId, now());
    }
    const room = this.maxConcurrent - this.inFlight.size;
    const claimed = await claimDueDeliveries(
      db,
      this.owner,
      room,
      this.rt.policy.maxInFlightPerConnector,
      now(),
      this.rt.leaseMarginMs,
    );
    for (const { id } of claimed) {
      const run = performAttempt(this.rt, id, { owner: this.owner })
        // A freed slot may let a queued delivery go now rather than at the next poll.
        .then(() => this.wake())
        .catch(async (error: unknown) => {
          // Not woken again: a persistent fault (database down) waits for the next poll.
          this.log(`attempt of ${id} failed to run: ${error instanceof Error ? error.message : String(error)}`);
          await releaseLease(db, id, this.owner).catch(() => undefined);
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, run);
    }
    if (this.options.retentionDays && Date.now() - this.lastRetention > RETENTION_EVERY_MS) {
      this.lastRetention = Date.now();
      const deleted = await deleteExpiredLogs(db, this.options.retentionDays, now());
      if (deleted > 0) this.log(`retention: deleted ${deleted} events older than ${this.options.retentionDays} days`);
    }
  }

  private log(message: string) {
    (this.options.log ?? console.log)(`[delivery] ${message}`);
  }
}
