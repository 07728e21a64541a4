import type { Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { TopicFollower } from './kafka.topic-follower';
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
  private follower?: TopicFollower;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer,
    readonly topic: string,
    private readonly groupPrefix: string,
  ) {}

  async start(handler: LogHandler): Promise<void> {
    this.follower = new TopicFollower(
      this.kafka,
      this.topic,
      TopicFollower.group(this.groupPrefix, 'trends'),
    );
    await this.follower.start((key, value) => handler(key, value));
    await this.follower.caughtUp;
  }

  /** Appends in order, acknowledged by all in-sync replicas; a null value is a tombstone. */
  async append(records: readonly OutgoingRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += CHUNK) {
      await this.producer.send(this.topic, records.slice(i, i + CHUNK));
    }
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }
}
