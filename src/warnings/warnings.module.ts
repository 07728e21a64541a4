import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import { IngestModule } from '../ingest/ingest.module';
import type { KafkaClient } from '../kafka/kafka.client';
import { ConsentLog } from '../kafka/kafka.consent-log';
import { KAFKA } from '../kafka/kafka.module';
import { RecordProducer } from '../kafka/kafka.record-producer';
import { StateChangelog } from '../kafka/kafka.state-changelog';
import { NudgeRequests } from './nudge-request';
import { WarningMetrics } from './warnings.metrics';
import { WARNINGS_CONSENT_FEED, WarningsService } from './warnings.service';

/** Baselines and early warnings; exports NudgeRequests for nudge delivery to listen to. */
@Module({
  imports: [ConsentModule, IngestModule],
  providers: [
    NudgeRequests,
    WarningMetrics,
    WarningsService,
    {
      provide: StateChangelog,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
        new StateChangelog(kafka, producer, c.TOPIC_WARNING_STATE, c.KAFKA_GROUP_ID),
    },
    {
      provide: WARNINGS_CONSENT_FEED,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
        new ConsentLog(kafka, producer, c.TOPIC_CONSENT, `${c.KAFKA_GROUP_ID}-warnings`),
    },
  ],
  exports: [NudgeRequests, WarningsService],
})
export class WarningsModule {}
