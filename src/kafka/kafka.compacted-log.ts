import type { Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { TopicFollower } from './kafka.topic-follower';
import type { OutgoingRecord } from './kafka.types';
import { asConfigEntries, type TopicDef, topicConfig } from './topics.catalog';

/** `writer`: the mark its writer put on the record (see `write`), so a process knows its own writes. */
export type LogHandler = (
  key: string,
  value: Buffer | null,
  writer: string | undefined,
) => void | Promise<void>;

/** The one header a record's writer is named in. */
const WRITER_HEADER = 'respite-writer';
/** Records per produce request: a run may prune or add thousands of keys at once. */
const CHUNK = 200;

export interface CompactedLogOptions {
  /** Tells this log's consumer groups apart in the broker's group list. */
  name: string;
  maxBytesPerPartition?: number;
  /** Create the topic with the catalog's settings if it is missing at start. */
  createAs?: TopicDef;
}

/**
 * A topic of per-key records (latest value wins, null = tombstone) that every process reads whole
 * at start and follows after that, with a throwaway consumer group that never commits (a
 * TopicFollower): consent.v1, the inboxes, the warning states, the trend memory, and trends.v1 (a
 * feed, not compacted, but served from the same kind of read-back). A writer recognises its own
 * records by the mark it wrote them with: one header, whatever the topic.
 */
export class CompactedLog {
  private readonly follower: TopicFollower;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer,
    readonly topic: string,
    groupPrefix: string,
    private readonly options: CompactedLogOptions,
  ) {
    const group = TopicFollower.group(groupPrefix, options.name);
    this.follower = new TopicFollower(kafka, topic, group, options.maxBytesPerPartition);
  }

  /** Resolves once the topic has been read up to where it ended at start. */
  get caughtUp(): Promise<void> {
    return this.follower.caughtUp;
  }

  get isCaughtUp(): boolean {
    return this.follower.isCaughtUp;
  }

  /** Starts following; await `caughtUp` (or `catchUp`) for the topic's end. */
  async start(handler: LogHandler): Promise<void> {
    if (this.options.createAs) await this.createIfMissing(this.options.createAs);
    await this.follower.start((key, value, headers) => handler(key, value, headers[WRITER_HEADER]));
  }

  /** Read barrier: every record written so far, by any instance, has been handled. */
  catchUp(timeoutMs?: number): Promise<void> {
    return this.follower.catchUp(timeoutMs);
  }

  /** Appends in order, acknowledged by all in-sync replicas, marked with `writer` if given. */
  async write(records: readonly OutgoingRecord[], writer?: string): Promise<void> {
    const marked =
      writer === undefined ? records : records.map((r) => ({ ...r, headers: { [WRITER_HEADER]: writer } }));
    for (let i = 0; i < marked.length; i += CHUNK) {
      await this.producer.send(this.topic, marked.slice(i, i + CHUNK));
    }
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  private async createIfMissing(def: TopicDef): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if ((await admin.listTopics()).includes(this.topic)) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: this.topic,
            numPartitions: def.partitions,
            configEntries: asConfigEntries(topicConfig(def)),
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  }
}
