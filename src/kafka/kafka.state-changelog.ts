import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { lastOffsets } from './kafka.topic-follower';

/** `writer`: who wrote the record (see `write`), so a process can skip what it wrote itself. */
export type ChangelogHandler = (
  key: string,
  value: Buffer | null,
  writer: string | undefined,
) => Promise<void>;

const WRITER_HEADER = 'respite-writer';

/**
 * A compacted topic of per-key state (the warning states: key pid, latest value wins, null = gone).
 * Like ConsentLog, every process reads it whole at start with a throwaway consumer group that never
 * commits, then keeps following it, so each instance sees what every other instance wrote.
 * `catchUp()` is the read barrier before taking over keys another instance may have written last.
 */
export class StateChangelog {
  private readonly log = new Logger(StateChangelog.name);
  private consumer?: Consumer;
  private admin?: Admin;
  /** Per partition: the offset of the last record handled. */
  private readonly seen = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer,
    private readonly topic: string,
    private readonly groupPrefix: string,
    private readonly partitions = 6,
  ) {}

  /** Creates the topic if missing, reads it to the end it has now, and follows it after that. */
  async start(handler: ChangelogHandler): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    if (!(await this.admin.listTopics()).includes(this.topic)) await this.create();
    const ends = await this.ends();
    this.consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}-warning-state-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        if (key) await handler(key, message.value ?? null, message.headers?.[WRITER_HEADER]?.toString());
        else this.log.warn(`state record without key at partition ${partition} offset ${message.offset}`);
        this.seen.set(partition, BigInt(message.offset));
      },
    });
    await this.waitFor(ends, 120_000);
  }

  private async create(): Promise<void> {
    await this.admin?.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: this.topic,
          numPartitions: this.partitions,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'delete.retention.ms', value: '86400000' },
          ],
        },
      ],
    });
    this.log.log(`created ${this.topic} (compacted)`);
  }

  /** Resolves once every record on the topic now has been handled; throws after `timeoutMs`. */
  async catchUp(timeoutMs = 10_000): Promise<void> {
    await this.waitFor(await this.ends(), timeoutMs);
  }

  async write(records: { key: string; value: string | null }[], writer: string): Promise<void> {
    await this.producer.send(
      this.topic,
      records.map((r) => ({ ...r, headers: { [WRITER_HEADER]: writer } })),
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
  }

  /** The offset of the last record per non-empty partition. */
  private async ends(): Promise<Map<number, bigint>> {
    if (!this.admin) throw new Error('state changelog not started');
    return lastOffsets(this.admin, this.topic);
  }

  private async waitFor(ends: Map<number, bigint>, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if ([...ends].every(([p, end]) => (this.seen.get(p) ?? -1n) >= end)) return;
      if (Date.now() > until)
        throw Object.assign(new Error(`${this.topic} not caught up within ${timeoutMs} ms`), {
          code: 'CHANGELOG_BEHIND',
        });
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
