import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Admin, Consumer, Kafka } from 'kafkajs';

/** May return a promise: records are then handled one after the other, in partition order. */
export type FollowHandler = (
  key: string,
  value: Buffer | null,
  headers: Record<string, string | undefined>,
) => void | Promise<void>;

/**
 * Reads a topic whole from the beginning at every start and follows it after that: the way each
 * instance rebuilds a view from a compacted topic (consent, inboxes, trend state). A throwaway
 * consumer group per process, never committed, so every instance sees every partition.
 * `caughtUp` resolves once the topic has been read up to where it ended at start; `catchUp()` is
 * the same barrier for the topic's end at the time of the call.
 */
export class TopicFollower {
  private readonly log = new Logger(TopicFollower.name);
  private consumer?: Consumer;
  /** For catchUp(), connected on its first call. */
  private admin?: Promise<Admin>;
  private readonly target = new Map<number, bigint>();
  private readonly seen = new Map<number, bigint>();
  private caughtUpResolve?: () => void;
  readonly caughtUp: Promise<void>;
  isCaughtUp = false;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
    private readonly groupId: string,
    private readonly maxBytesPerPartition = 1024 * 1024,
  ) {
    this.caughtUp = new Promise((resolve) => {
      this.caughtUpResolve = resolve;
    });
  }

  /** `name` tells the groups of different followers apart in the broker's group list. */
  static group(prefix: string, name: string): string {
    return `${prefix}-${name}-${randomUUID()}`;
  }

  async start(handler: FollowHandler): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const [p, end] of await lastOffsets(admin, this.topic)) this.target.set(p, end);
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: this.maxBytesPerPartition,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        if (key) {
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = v?.toString();
          await handler(key, message.value ?? null, headers);
        } else {
          this.log.warn(`record without key in ${this.topic}[${partition}] at ${message.offset}`);
        }
        this.seen.set(partition, BigInt(message.offset));
        this.checkCaughtUp();
      },
    });
  }

  /**
   * Resolves once every record on the topic now (written by any instance) has been handled; throws
   * after `timeoutMs`. One admin round trip plus the follower's next fetch.
   */
  async catchUp(timeoutMs = 10_000): Promise<void> {
    this.admin ??= this.connectAdmin();
    const ends = await lastOffsets(await this.admin, this.topic);
    const until = Date.now() + timeoutMs;
    while (![...ends].every(([p, end]) => (this.seen.get(p) ?? -1n) >= end)) {
      if (Date.now() > until)
        throw Object.assign(new Error(`${this.topic} not caught up within ${timeoutMs} ms`), {
          code: 'FOLLOWER_BEHIND',
        });
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async connectAdmin(): Promise<Admin> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return admin;
    } catch (err) {
      this.admin = undefined; // the next call tries again
      throw err;
    }
  }

  private checkCaughtUp(): void {
    if (this.isCaughtUp) return;
    for (const [p, end] of this.target) if ((this.seen.get(p) ?? -1n) < end) return;
    this.isCaughtUp = true;
    this.caughtUpResolve?.();
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    const admin = this.admin;
    this.admin = undefined;
    await (await admin?.catch(() => undefined))?.disconnect();
  }
}

/**
 * The offset of the last record of each non-empty partition. Right after a topic is created its
 * leaders may not be known to every broker yet ("not the leader for that topic-partition"), and
 * kafkajs's admin does not retry that, so this does.
 */
export async function lastOffsets(admin: Admin, topic: string, attempts = 20): Promise<Map<number, bigint>> {
  for (let i = 1; ; i++) {
    try {
      const out = new Map<number, bigint>();
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) out.set(p.partition, BigInt(p.high) - 1n);
      }
      return out;
    } catch (err) {
      if (i >= attempts || !(err as { retriable?: boolean }).retriable) throw err;
      await new Promise((r) => setTimeout(r, 250 * Math.min(i, 8)));
    }
  }
}
