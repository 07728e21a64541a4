import type { Admin, Kafka } from 'kafkajs';

/** A topic's progress as one consumer group sees it; the shape of `HrvProgress` (src/warnings). */
export interface TopicProgressSnapshot {
  committed: Map<number, number>;
  low: Map<number, number>;
  firstAtOrAfter: Map<number, Map<number, number>>;
}

/**
 * How far a consumer group has got through a topic, and where records produced from a given time on
 * start, asked of the brokers (so it holds across instances of the group). Per call: one committed-
 * offsets request, one watermark request, and one offsets-by-timestamp request per timestamp not yet
 * settled. An offset found below the high watermark never changes (the log only grows), so it is
 * kept while it is still asked for.
 */
export class TopicProgress {
  private admin?: Promise<Admin>;
  private readonly settled = new Map<number, Map<number, number>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  async read(timestamps: readonly number[]): Promise<TopicProgressSnapshot> {
    const admin = await this.connect();
    const [groups, marks] = await Promise.all([
      admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] }),
      admin.fetchTopicOffsets(this.topic),
    ]);
    const committed = new Map<number, number>();
    for (const p of groups.find((g) => g.topic === this.topic)?.partitions ?? [])
      committed.set(p.partition, Number(p.offset));
    const low = new Map(marks.map((m) => [m.partition, Number(m.low)]));
    const high = new Map(marks.map((m) => [m.partition, Number(m.high)]));
    const firstAtOrAfter = new Map<number, Map<number, number>>();
    for (const t of new Set(timestamps)) {
      let at = this.settled.get(t);
      if (!at) {
        const found = await admin.fetchTopicOffsetsByTimestamp(this.topic, t);
        at = new Map(found.map((f) => [f.partition, Number(f.offset)]));
        if (found.every((f) => Number(f.offset) < (high.get(f.partition) ?? 0))) this.settled.set(t, at);
      }
      firstAtOrAfter.set(t, at);
    }
    const asked = new Set(timestamps);
    for (const t of this.settled.keys()) if (!asked.has(t)) this.settled.delete(t);
    return { committed, low, firstAtOrAfter };
  }

  private connect(): Promise<Admin> {
    this.admin ??= (async () => {
      const a = this.kafka.admin();
      await a.connect();
      return a;
    })().catch((err: unknown) => {
      this.admin = undefined;
      throw err;
    });
    return this.admin;
  }

  async stop(): Promise<void> {
    const a = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await a?.disconnect();
  }
}
