/**
 * At most `limit` tasks run at once; the others wait and start in the order they asked. Each
 * answer then waits about its share of the queue, where an open door lets every caller's request
 * compete for the same cores at once and a few of them lose far more often than their share
 * (README, Scale: the nights read under 50 users).
 */
export class FifoGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a gate needs a whole limit ≥ 1, not ${limit}`);
  }

  /** Tasks started and not yet settled. */
  get inFlight(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  /** Runs `task` once a slot is free; its result or error is the caller's, and the slot is freed either way. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit && this.queued === 0) this.running++;
    else await new Promise<void>((start) => this.waiting.push(start));
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  // the slot passes straight to the next waiter, so a newcomer cannot overtake the queue
  private release(): void {
    if (this.queued > 0) {
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = noop;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next();
    } else this.running--;
  }
}

function noop(): void {}
