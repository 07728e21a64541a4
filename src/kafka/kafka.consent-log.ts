import type { Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { TopicFollower } from './kafka.topic-follower';

export type ConsentHandler = (key: string, value: Buffer | null) => void;

/** consent.v1 (compacted: the latest record per person), read whole at every start and followed. */
export class ConsentLog {
  private readonly follower: TopicFollower;

  constructor(
    kafka: Kafka,
    private readonly producer: RecordProducer,
    private readonly topic: string,
    groupPrefix: string,
  ) {
    this.follower = new TopicFollower(kafka, topic, TopicFollower.group(groupPrefix, 'consent'));
  }

  get caughtUp(): Promise<void> {
    return this.follower.caughtUp;
  }

  get isCaughtUp(): boolean {
    return this.follower.isCaughtUp;
  }

  /** A read barrier: every record on the topic at the call has been handled. */
  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  start(handler: ConsentHandler): Promise<void> {
    return this.follower.start((key, value) => handler(key, value));
  }

  async publish(subjectId: string, value: string | null): Promise<void> {
    await this.producer.send(this.topic, [{ key: subjectId, value }]);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }
}
