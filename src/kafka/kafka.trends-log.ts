import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import type { OutgoingRecord } from './kafka.types';

export type LogHandler = (key: string, value: Buffer | null) => void;

/** Records per produce request: a run may prune or add thousands of remembered cells at once. */
const CHUNK = 200;

/**
 * A topic the trends feature reads whole at every start and follows after that: trends.v1 (what was
 * published, served by the API) and the compacted trend-state topic (what the release must
 * remember). A throwaway consumer group per process, never committed, so every instance sees every
 * partition; `start` resolves once the topic has been read up to where it ended at start.
 */
export class TrendsLog {
  private readonly log = new Logger(TrendsLog.name);
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer,
    readonly topic: string,
    private readonly groupPrefix: string,
  ) {}

  async start(handler: LogHandler): Promise<void> {
    const target = await this.endOffsets();
    const seen = new Map<number, bigint>();
    let resolveCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((resolve) => {
      resolveCaughtUp = resolve;
    });
    const check = () => {
      for (const [p, end] of target) if ((seen.get(p) ?? -1n) < end) return;
      resolveCaughtUp();
    };
    check();
    this.consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}-trends-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        if (key) handler(key, message.value ?? null);
        else this.log.warn(`record without key in ${this.topic}[${partition}] at ${message.offset}`);
        seen.set(partition, BigInt(message.offset));
        check();
      },
    });
    await caughtUp;
  }

  /** Per partition with records, the offset of its last record when we start. */
  private async endOffsets(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const target = new Map<number, bigint>();
      for (const p of await admin.fetchTopicOffsets(this.topic)) {
        if (BigInt(p.high) > BigInt(p.low)) target.set(p.partition, BigInt(p.high) - 1n);
      }
      return target;
    } finally {
      await admin.disconnect();
    }
  }

  /** Appends in order, acknowledged by all in-sync replicas; a null value is a tombstone. */
  async append(records: readonly OutgoingRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += CHUNK) {
      await this.producer.send(this.topic, records.slice(i, i + CHUNK));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
