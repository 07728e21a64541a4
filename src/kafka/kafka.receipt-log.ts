import type { Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { TopicFollower } from './kafka.topic-follower';

export type ReceiptHandler = (key: string, value: Buffer | null) => void;

/**
 * The erasure receipts topic (compacted, records deleted after their retention; key pid), read
 * whole by every instance and followed, so any instance can answer "was I erased, and when?".
 */
export class ReceiptLog {
  private readonly follower: TopicFollower;

  constructor(
    kafka: Kafka,
    private readonly producer: RecordProducer,
    private readonly topic: string,
    groupPrefix: string,
  ) {
    this.follower = new TopicFollower(kafka, topic, TopicFollower.group(groupPrefix, 'receipts'));
  }

  get caughtUp(): Promise<void> {
    return this.follower.caughtUp;
  }

  start(handler: ReceiptHandler): Promise<void> {
    return this.follower.start((key, value) => handler(key, value));
  }

  async publish(pid: string, value: string): Promise<void> {
    await this.producer.send(this.topic, [{ key: pid, value }]);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }
}
