import type { Kafka } from 'kafkajs';
import { CompactedLog } from './kafka.compacted-log';
import type { RecordProducer } from './kafka.record-producer';

/** `marker` is what the writer marked the record with, so a writer can recognise its own records. */
export type InboxHandler = (pid: string, value: Buffer | null, marker: string | undefined) => void;

/** The compacted per-person inbox topic (key = pid, null = tombstone); every instance holds every inbox. */
export class InboxLog extends CompactedLog {
  constructor(kafka: Kafka, producer: RecordProducer, topic: string, groupPrefix: string) {
    super(kafka, producer, topic, groupPrefix, { name: 'inbox', maxBytesPerPartition: 4 * 1024 * 1024 });
  }

  async publish(pid: string, value: string | null, marker: string): Promise<void> {
    await this.write([{ key: pid, value }], marker);
  }
}
