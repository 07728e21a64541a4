import type { Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { TopicFollower } from './kafka.topic-follower';

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
 * commits (a TopicFollower), then keeps following it, so each instance sees what every other
 * instance wrote. `catchUp()` is the read barrier before taking over keys another instance may
 * have written last.
 */
export class StateChangelog {
  private follower?: TopicFollower;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer,
    private readonly topic: string,
    private readonly groupPrefix: string,
    private readonly partitions = 6,
  ) {}

  /** Creates the topic if missing, reads it to its end, and follows it after that. */
  async start(handler: ChangelogHandler): Promise<void> {
    await this.createIfMissing();
    this.follower = new TopicFollower(
      this.kafka,
      this.topic,
      TopicFollower.group(this.groupPrefix, 'warning-state'),
    );
    await this.follower.start((key, value, headers) => handler(key, value, headers[WRITER_HEADER]));
    await this.follower.catchUp(120_000);
  }

  /** Resolves once every record on the topic now has been handled; throws after `timeoutMs`. */
  catchUp(timeoutMs = 10_000): Promise<void> {
    if (!this.follower) throw new Error('state changelog not started');
    return this.follower.catchUp(timeoutMs);
  }

  async write(records: { key: string; value: string | null }[], writer: string): Promise<void> {
    await this.producer.send(
      this.topic,
      records.map((r) => ({ ...r, headers: { [WRITER_HEADER]: writer } })),
    );
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  private async createIfMissing(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if ((await admin.listTopics()).includes(this.topic)) return;
      await admin.createTopics({
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
    } finally {
      await admin.disconnect();
    }
  }
}
