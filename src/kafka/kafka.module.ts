import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { createKafka } from './kafka.client';
import { ConsentLog } from './kafka.consent-log';
import { KafkaHealth } from './kafka.health';
import { RecordProducer } from './kafka.record-producer';

export const KAFKA = Symbol('KAFKA');

@Global()
@Module({
  providers: [
    { provide: KAFKA, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createKafka(c) },
    {
      provide: RecordProducer,
      inject: [KAFKA],
      useFactory: async (kafka: Kafka) => {
        const p = new RecordProducer(kafka);
        await p.connect();
        return p;
      },
    },
    { provide: KafkaHealth, inject: [KAFKA], useFactory: (kafka: Kafka) => new KafkaHealth(kafka) },
    {
      provide: ConsentLog,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: (kafka: Kafka, producer: RecordProducer, c: AppConfig) =>
        new ConsentLog(kafka, producer, c.TOPIC_CONSENT, c.KAFKA_GROUP_ID),
    },
  ],
  exports: [KAFKA, RecordProducer, ConsentLog, KafkaHealth],
})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(RecordProducer) private readonly producer: RecordProducer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
