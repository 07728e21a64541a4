import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';

/** Handles one consent.v1 record; throwing means "not done": the record is tried again. */
export type QueueHandler = (key: string, value: Buffer | null) => Promise<void>;

export interface ConsentQueueOptions {
  groupId: string;
  topic: string;
  /** Backoff while the handler keeps failing (InfluxDB or Kafka down): retried, never skipped. */
  retryBackoffMs?: { min: number; max: number };
}

/**
 * consent.v1 read as a work queue: one consumer group shared by every instance, so each record is
 * handled by the one instance that owns its partition, records of a partition in order. A record's
 * offset is committed only after its handler finished, so a crash half-way (kill -9, rebalance)
 * leaves it to the next owner, which handles it again: handlers must be idempotent. Unlike
 * TopicFollower (every instance sees everything, to build a view), this does work exactly once
 * per record and deployment, give or take a repeat after a crash.
 */
export class ConsentQueue {
  private readonly log = new Logger(ConsentQueue.name);
  private consumer?: Consumer;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsentQueueOptions,
  ) {}

  async start(handler: QueueHandler): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 250,
    });
    this.consumer = consumer;
    await consumer.connect();
    // from the beginning for a new group: erasures requested before this consumer existed still run
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      // committed after each fetched batch, not per record: most records are grants (nothing to do),
      // and a commit per record made a new deployment's first pass over consent.v1 take minutes at
      // 100,000 people (bench:scale). A record is committed only once its handler finished, so a
      // crash repeats at most the batch's finished erasures, which are idempotent.
      autoCommit: true,
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message, heartbeat }) => {
        const key = message.key?.toString('utf8');
        if (!key) return;
        // a long erasure (it waits for writes in flight elsewhere) must not cost the group membership
        const beat = setInterval(() => void heartbeat().catch(() => undefined), 3_000);
        try {
          await this.untilDone(() => handler(key, message.value ?? null));
        } finally {
          clearInterval(beat);
        }
      },
    });
  }

  private async untilDone(fn: () => Promise<void>): Promise<void> {
    const { min, max } = this.options.retryBackoffMs ?? { min: 500, max: 30_000 };
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        // on shutdown the record stays uncommitted: the next owner handles it
        if (this.stopping) throw err;
        const wait = Math.min(max, min * 2 ** attempt);
        this.log.warn(`consent work failed (attempt ${attempt + 1}), again in ${wait} ms: ${String(err)}`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
  }
}
