/**
 * The ingest's memory budget: the bytes of Kafka records (key + value) fetched and not yet
 * acknowledged by InfluxDB and committed, per partition lane and in total. Pure bookkeeping; the
 * consumer asks `mayFetch` before it lets kafkajs fetch again, and kafkajs fetches again only once
 * every batch of its last fetch was handed over, so the held bytes stay within the budget:
 * the next fetch brings at most `fetchTotal` (at most `fetchPerLane` per partition), and a fetch is
 * allowed only while `total + fetchTotal ≤ budget` and, per lane, `lane + fetchPerLane ≤ laneLimit`.
 * One exception, Kafka's: a fetch returns the first record batch of its first partition whole even
 * when it is larger than the fetch size, so a producer's batch larger than `fetchPerLane` can
 * overshoot the budget by that much (the Java producer's batches are 16 KiB by default).
 */
export interface BudgetLimits {
  /** INGEST_MEMORY_BUDGET_BYTES: all lanes together. */
  total: number;
  /** One lane: the batch being written and one decoded behind it. */
  lane: number;
  /** What one fetch may bring, all partitions together (kafkajs `maxBytes`). */
  fetchTotal: number;
  /** What one fetch may bring per partition (kafkajs `maxBytesPerPartition`). */
  fetchPerLane: number;
}

/**
 * Half the budget for the fetch in flight, half for what is being decoded and written; a partition's
 * fetch is at most INGEST_FETCH_BYTES and never more than the fetch as a whole.
 */
export function budgetLimits(totalBytes: number, fetchBytesPerPartition: number): BudgetLimits {
  const fetchTotal = Math.floor(totalBytes / 2);
  const fetchPerLane = Math.min(fetchBytesPerPartition, fetchTotal);
  return { total: totalBytes, lane: 2 * fetchPerLane, fetchTotal, fetchPerLane };
}

export class HeldBytes {
  private readonly lanes = new Map<string, number>();
  private held = 0;
  private highest = 0;
  private waiting: (() => void)[] = [];

  constructor(readonly limits: BudgetLimits) {}

  get total(): number {
    return this.held;
  }

  /** The most held at any moment since start: what the budget must bound. */
  get peak(): number {
    return this.highest;
  }

  lane(key: string): number {
    return this.lanes.get(key) ?? 0;
  }

  hold(key: string, bytes: number): void {
    this.lanes.set(key, this.lane(key) + bytes);
    this.held += bytes;
    this.highest = Math.max(this.highest, this.held);
  }

  release(key: string, bytes: number): void {
    const left = this.lane(key) - bytes;
    if (left > 0) this.lanes.set(key, left);
    else this.lanes.delete(key);
    this.held = Math.max(0, this.held - bytes);
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  /**
   * Whether the next fetch fits. Never waits for ever: the batches held are being written whether
   * or not the next fetch waits, so held bytes fall to 0 at the latest (a batch larger than its
   * share, which Kafka returns whole, only loses the overlap with the next fetch).
   */
  mayFetch(key: string): boolean {
    const { total, lane, fetchTotal, fetchPerLane } = this.limits;
    return this.lane(key) + fetchPerLane <= lane && this.held + fetchTotal <= total;
  }

  /** Resolves once `mayFetch` holds (checked again after every release). */
  async untilMayFetch(key: string): Promise<void> {
    while (!this.mayFetch(key)) await new Promise<void>((r) => this.waiting.push(r));
  }
}
