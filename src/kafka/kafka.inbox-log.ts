import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';

/** `marker` is what the writer put in the `w` header, so a writer can recognise its own records. */
export type InboxHandler = (pid: string, value: Buffer | null, marker: string | undefined) => void;

/**
 * The compacted per-person inbox topic (key = pid, null = tombstone), read whole from the beginning
 * at every start and followed after that, like ConsentLog: a throwaway consumer group per process,
 * never committed, so every instance holds every person's inbox.
 */
export class InboxLog {
  private readonly log = new Logger(InboxLog.name);
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

  async start(handler: InboxHandler): Promise<void> {
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
      groupId: `${this.groupPrefix}-inbox-${randomUUID()}`,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        if (key) handler(key, message.value ?? null, message.headers?.w?.toString());
        else this.log.warn(`inbox record without key at partition ${partition} offset ${message.offset}`);
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

  async publish(pid: string, value: string | null, marker: string): Promise<void> {
    await this.producer.send(this.topic, [{ key: pid, value, headers: { w: marker } }]);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
