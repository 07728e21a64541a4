import type { Kafka } from 'kafkajs';
import type { RecordProducer } from './kafka.record-producer';
import { TopicFollower } from './kafka.topic-follower';

/** `marker` is what the writer put in the `w` header, so a writer can recognise its own records. */
export type InboxHandler = (pid: string, value: Buffer | null, marker: string | undefined) => void;

/**
 * The compacted per-person inbox topic (key = pid, null = tombstone), read whole from the beginning
 * at every start and followed after that, like ConsentLog: a throwaway consumer group per process,
 * never committed, so every instance holds every person's inbox.
 */
export class InboxLog {
  private readonly follower: TopicFollower;

  constructor(
    kafka: Kafka,
    private readonly producer: RecordProducer,
    private readonly topic: string,
    groupPrefix: string,
  ) {
    this.follower = new TopicFollower(
      kafka,
      topic,
      TopicFollower.group(groupPrefix, 'inbox'),
      4 * 1024 * 1024,
    );
  }

  get caughtUp(): Promise<void> {
    return this.follower.caughtUp;
  }

  get isCaughtUp(): boolean {
    return this.follower.isCaughtUp;
  }

  /** Read barrier: every inbox record written so far, by any instance, has been handled. */
  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  start(handler: InboxHandler): Promise<void> {
    return this.follower.start((pid, value, headers) => handler(pid, value, headers.w));
  }

  async publish(pid: string, value: string | null, marker: string): Promise<void> {
    await this.producer.send(this.topic, [{ key: pid, value, headers: { w: marker } }]);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }
}
