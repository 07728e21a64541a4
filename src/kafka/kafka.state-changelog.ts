import type { Kafka } from 'kafkajs';
import { CompactedLog, type LogHandler } from './kafka.compacted-log';
import type { RecordProducer } from './kafka.record-producer';
import { TOPICS } from './topics.catalog';

/** `writer`: who wrote the record (see `write`), so a process can skip what it wrote itself. */
export type ChangelogHandler = (
  key: string,
  value: Buffer | null,
  writer: string | undefined,
) => Promise<void>;

/**
 * The compacted topic of the warning states (key pid, latest value wins, null = gone), created at
 * start if missing. `catchUp()` is the read barrier before taking over keys another instance may
 * have written last.
 */
export class StateChangelog extends CompactedLog {
  constructor(kafka: Kafka, producer: RecordProducer, topic: string, groupPrefix: string) {
    super(kafka, producer, topic, groupPrefix, { name: 'warning-state', createAs: TOPICS.warningState });
  }

  /** Creates the topic if missing, reads it to its end, and follows it after that. */
  override async start(handler: LogHandler): Promise<void> {
    await super.start(handler);
    await this.catchUp(120_000);
  }
}
