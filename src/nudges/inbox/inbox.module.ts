import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { KafkaClient } from '../../kafka/kafka.client';
import { InboxLog } from '../../kafka/kafka.inbox-log';
import { KAFKA } from '../../kafka/kafka.module';
import { RecordProducer } from '../../kafka/kafka.record-producer';
import { InboxStore } from './inbox.store';
import { SubjectSeal } from './inbox.subject-seal';

/**
 * The inbox records (one per person, folded from the compacted inbox topic on every instance), apart
 * from nudges so that the warnings can read the person's dismissals without a module cycle
 * (NudgesModule imports WarningsModule).
 */
@Module({
  providers: [
    InboxStore,
    {
      provide: InboxLog,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
        new InboxLog(kafka, producer, c.TOPIC_INBOX, c.KAFKA_GROUP_ID),
    },
    {
      provide: SubjectSeal,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new SubjectSeal(c.PSEUDONYM_KEYS),
    },
  ],
  exports: [InboxStore, SubjectSeal],
})
export class InboxModule {}
