import type { Kafka } from 'kafkajs';
import { CompactedLog } from './kafka.compacted-log';
import type { RecordProducer } from './kafka.record-producer';

export type ReceiptHandler = (key: string, value: Buffer | null) => void;

/**
 * The erasure receipts topic (compacted, records deleted after their retention; key pid), read
 * whole by every instance and followed, so any instance can answer "was I erased, and when?".
 */
export class ReceiptLog {
  private readonly log: CompactedLog;

  constructor(kafka: Kafka, producer: RecordProducer, topic: string, groupPrefix: string) {
    this.log = new CompactedLog(kafka, producer, topic, groupPrefix, { name: 'receipts' });
  }

  get caughtUp(): Promise<void> {
    return this.log.caughtUp;
  }

  start(handler: ReceiptHandler): Promise<void> {
    return this.log.start((key, value) => handler(key, value));
  }

  async publish(pid: string, value: string): Promise<void> {
    await this.log.write([{ key: pid, value }]);
  }

  stop(): Promise<void> {
    return this.log.stop();
  }
}
