import type { Kafka } from 'kafkajs';
import { CompactedLog } from './kafka.compacted-log';
import type { RecordProducer } from './kafka.record-producer';

export type ConsentHandler = (key: string, value: Buffer | null) => void;

/** consent.v1 (compacted: the latest record per person), read whole at every start and followed. */
export class ConsentLog {
  private readonly log: CompactedLog;

  constructor(kafka: Kafka, producer: RecordProducer, topic: string, groupPrefix: string) {
    this.log = new CompactedLog(kafka, producer, topic, groupPrefix, { name: 'consent' });
  }

  get caughtUp(): Promise<void> {
    return this.log.caughtUp;
  }

  get isCaughtUp(): boolean {
    return this.log.isCaughtUp;
  }

  /** A read barrier: every record on the topic at the call has been handled. */
  catchUp(): Promise<void> {
    return this.log.catchUp();
  }

  start(handler: ConsentHandler): Promise<void> {
    return this.log.start((key, value) => handler(key, value));
  }

  async publish(subjectId: string, value: string | null): Promise<void> {
    await this.log.write([{ key: subjectId, value }]);
  }

  stop(): Promise<void> {
    return this.log.stop();
  }
}
