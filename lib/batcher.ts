/**
 * Group commit: callers submit one item each, and the items that arrive while earlier batches are
 * at the database go together in the next batch, so a statement (and a commit) serves many callers.
 * An idle batcher runs an item at once (after `gatherMs`, when set), so coalescing costs a lone
 * caller nothing. Used for ingest (concurrent requests share one planning statement) and for the
 * local worker's attempt recordings.
 */
export type BatcherOptions<I, O> = {
  /** Runs a batch; returns one output per item, in order. */
  run: (items: I[]) => Promise<O[]>;
  /** A batch holds at most this much weight (items, or what `weight` counts); one item may exceed it alone. */
  maxWeight: number;
  weight?: (item: I) => number;
  /** Batches running at once: while one waits for the database the next one fills up. */
  concurrency: number;
  /** How long a batch started by an idle batcher waits for company. */
  gatherMs?: number;
  /**
   * Whether a failed batch of several items is run again item by item, so that one bad item does
   * not fail the others. Without it, every item of the batch gets the error.
   */
  retryAlone?: (error: unknown) => boolean;
};

type Waiting<I, O> = { item: I; resolve: (output: O) => void; reject: (error: unknown) => void };

export class Batcher<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: BatcherOptions<I, O>) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    if (this.running.size >= this.options.concurrency || this.queue.length === 0) return;
    const drain: Promise<void> = this.drain().finally(() => {
      this.running.delete(drain);
      // An item submitted after the loop found the queue empty, but before this ran, saw the
      // batcher busy: pick it up.
      this.pump();
    });
    this.running.add(drain);
  }

  /** Resolves when every batch submitted so far has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async drain() {
    if (this.options.gatherMs) await new Promise((resolve) => setTimeout(resolve, this.options.gatherMs));
    for (let batch = this.take(); batch.length > 0; batch = this.take()) await this.settle(batch);
  }

  private take(): Waiting<I, O>[] {
    const weight = this.options.weight ?? (() => 1);
    let total = 0;
    let n = 0;
    while (n < this.queue.length) {
      const w = weight(this.queue[n]!.item);
      if (n > 0 && total + w > this.options.maxWeight) break;
      total += w;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async settle(batch: Waiting<I, O>[]) {
    try {
      const outputs = await this.options.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(outputs[i]!));
    } catch (error) {
      if (batch.length === 1 || !this.options.retryAlone?.(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      for (const w of batch) {
        await this.options.run([w.item]).then(([output]) => w.resolve(output!), w.reject);
      }
    }
  }
}
