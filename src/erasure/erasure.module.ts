import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import type { KafkaClient } from '../kafka/kafka.client';
import { ConsentQueue } from '../kafka/kafka.consent-queue';
import { KAFKA } from '../kafka/kafka.module';
import { ReceiptLog } from '../kafka/kafka.receipt-log';
import { RecordProducer } from '../kafka/kafka.record-producer';
import { ErasureMetrics } from './erasure.metrics';
import { ErasureService } from './erasure.service';
import { ErasureSteps } from './erasure.steps';

/** Global: features register their erasure steps, and the consent API reads receipts. */
@Global()
@Module({
  imports: [ConsentModule],
  providers: [
    ErasureSteps,
    ErasureMetrics,
    ErasureService,
    {
      provide: ConsentQueue,
      inject: [KAFKA, APP_CONFIG],
      useFactory: (kafka: KafkaClient, c: AppConfig) =>
        new ConsentQueue(kafka, { groupId: `${c.KAFKA_GROUP_ID}-erasure`, topic: c.TOPIC_CONSENT }),
    },
    {
      provide: ReceiptLog,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
        new ReceiptLog(kafka, producer, c.TOPIC_ERASURE_RECEIPTS, c.KAFKA_GROUP_ID),
    },
  ],
  exports: [ErasureSteps, ErasureService],
})
export class ErasureModule {}
