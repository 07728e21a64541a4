/** A task that waited longer than the gate allows: it never started. */
export class GateWaitTimeout extends Error {
  constructor(waitedMs: number) {
    super(`waited ${waitedMs} ms for a slot; not started`);
    this.name = 'GateWaitTimeout';
  }
}

interface Waiter {
  start(): void;
  timer?: NodeJS.Timeout;
}

/**
 * At most `limit` tasks run at once; the others wait and start in the order they asked. Each
 * answer then waits about its share of the queue, where an open door lets every caller's request
 * compete for the same cores at once and a few of them lose far more often than their share
 * (README, Scale: the personal reads in order). A task that would wait longer than `maxWaitMs`
 * (when given) is refused instead, so that a stalled server does not grow a queue whose callers
 * each wait the stall's length times their place in it.
 */
export class FifoGate {
  private running = 0;
  private most = 0;
  /** In the order they asked (a Set keeps insertion order; a refused waiter leaves from anywhere). */
  private readonly waiting = new Set<Waiter>();

  constructor(
    readonly limit: number,
    private readonly maxWaitMs?: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a gate needs a whole limit ≥ 1, not ${limit}`);
  }

  /** Tasks started and not yet settled. */
  get inFlight(): number {
    return this.running;
  }

  /** The most tasks in flight at any moment since the gate was made. */
  get mostInFlight(): number {
    return this.most;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Runs `task` once a slot is free; its result or error is the caller's, and the slot is freed either way. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit && this.waiting.size === 0) this.most = Math.max(this.most, ++this.running);
    else await this.wait();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { start: resolve };
      const ms = this.maxWaitMs;
      if (ms !== undefined)
        w.timer = setTimeout(() => {
          this.waiting.delete(w);
          reject(new GateWaitTimeout(ms));
        }, ms);
      this.waiting.add(w);
    });
  }

  // the slot passes straight to the next waiter, so a newcomer cannot overtake the queue
  private release(): void {
    const next = this.waiting.values().next().value;
    if (!next) {
      this.running--;
      return;
    }
    this.waiting.delete(next);
    clearTimeout(next.timer);
    next.start();
  }
}
