import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';

export type ConsentHandler = (key: string, value: Buffer | null) => void;

/**
 * consent.v1, read whole from the beginning at every start (it is compacted, so it holds the latest
 * record per person) and followed after that. A throwaway consumer group per process, never
 * committed, makes every instance see every partition.
 */
export class ConsentLog {
  private readonly log = new Logger(ConsentLog.name);
  private consumer?: Consumer;
  private readonly target = new Map<number, bigint>();
  private readonly seen = new Map<number, bigint>();
  private caughtUpResolve?: () => void;
  readonly caughtUp: Promise<void>;
  isCaughtUp = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer,
    private readonly topic: string,
    private readonly groupPrefix: string,
  ) {
    this.caughtUp = new Promise((resolve) => {
      this.caughtUpResolve = resolve;
    });
  }

  async start(handler: ConsentHandler): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const p of await admin.fetchTopicOffsets(this.topic)) {
        if (BigInt(p.high) > BigInt(p.low)) this.target.set(p.partition, BigInt(p.high) - 1n);
      }
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    this.consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}-consent-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        if (key) handler(key, message.value ?? null);
        else this.log.warn(`consent record without key at partition ${partition} offset ${message.offset}`);
        this.seen.set(partition, BigInt(message.offset));
        this.checkCaughtUp();
      },
    });
  }

  private checkCaughtUp(): void {
    if (this.isCaughtUp) return;
    for (const [p, end] of this.target) if ((this.seen.get(p) ?? -1n) < end) return;
    this.isCaughtUp = true;
    this.caughtUpResolve?.();
  }

  async publish(subjectId: string, value: string | null): Promise<void> {
    await this.producer.send(this.topic, [{ key: subjectId, value }]);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
