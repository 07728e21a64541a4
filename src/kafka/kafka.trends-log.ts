import type { Kafka } from 'kafkajs';
import { CompactedLog } from './kafka.compacted-log';
import type { RecordProducer } from './kafka.record-producer';
import type { OutgoingRecord } from './kafka.types';

export type LogHandler = (key: string, value: Buffer | null) => void;

/**
 * A topic the trends feature reads whole at every start and follows after that: trends.v1 (what was
 * published, served by the API) and the compacted trend-state topic (what the release must
 * remember).
 */
export class TrendsLog {
  private readonly log: CompactedLog;

  constructor(
    kafka: Kafka,
    producer: RecordProducer,
    readonly topic: string,
    groupPrefix: string,
  ) {
    this.log = new CompactedLog(kafka, producer, topic, groupPrefix, { name: 'trends' });
  }

  /** Resolves once the topic has been read up to where it ended at start. */
  async start(handler: LogHandler): Promise<void> {
    await this.log.start((key, value) => handler(key, value));
    await this.log.caughtUp;
  }

  /** Appends in order; a null value is a tombstone. */
  append(records: readonly OutgoingRecord[]): Promise<void> {
    return this.log.write(records);
  }

  stop(): Promise<void> {
    return this.log.stop();
  }
}
