import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import type { KafkaClient } from '../kafka/kafka.client';
import { KAFKA } from '../kafka/kafka.module';
import { RecordProducer } from '../kafka/kafka.record-producer';
import { StateChangelog } from '../kafka/kafka.state-changelog';
import { InboxModule } from '../nudges/inbox/inbox.module';
import { WarningMetrics } from './warnings.metrics';
import { WarningsService } from './warnings.service';

/**
 * Baselines and early warnings: listens to `readings.stored` and `consent.changed`, and asks for
 * nudges with `nudge.requested` (src/events).
 */
@Module({
  imports: [ConsentModule, InboxModule],
  providers: [
    WarningMetrics,
    WarningsService,
    {
      provide: StateChangelog,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
        new StateChangelog(kafka, producer, c.TOPIC_WARNING_STATE, c.KAFKA_GROUP_ID),
    },
  ],
  exports: [WarningsService],
})
export class WarningsModule {}
