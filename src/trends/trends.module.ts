import { Logger, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import type { KafkaClient } from '../kafka/kafka.client';
import { KAFKA } from '../kafka/kafka.module';
import { RecordProducer } from '../kafka/kafka.record-producer';
import { TrendsLog } from '../kafka/kafka.trends-log';
import { DashboardController } from './dashboard.controller';
import { TrendsController } from './trends.controller';
import { TrendContributions } from './trends.gather';
import { TrendsJob } from './trends.job';
import { TREND_CONTRIBUTIONS, TREND_RECORDS_LOG, TREND_STATE_LOG, TrendsService } from './trends.service';
import { TREND_SETTINGS, trendSettings } from './trends.settings';

const logOf =
  (topic: (c: AppConfig) => string) => (kafka: KafkaClient, producer: RecordProducer, c: AppConfig) =>
    new TrendsLog(kafka, producer, topic(c), c.KAFKA_GROUP_ID);

/** Aggregate trend feeds: the scheduled release, its durable state, and the wellness API. */
@Module({
  imports: [AuthModule, ConsentModule],
  controllers: [TrendsController, DashboardController],
  providers: [
    {
      provide: TREND_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => trendSettings(c, (m) => new Logger('TrendsModule').warn(m)),
    },
    {
      provide: TREND_RECORDS_LOG,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: logOf((c) => c.TOPIC_TRENDS),
    },
    {
      provide: TREND_STATE_LOG,
      inject: [KAFKA, RecordProducer, APP_CONFIG],
      useFactory: logOf((c) => c.TOPIC_TRENDS_STATE),
    },
    { provide: TREND_CONTRIBUTIONS, useClass: TrendContributions },
    TrendsService,
    TrendsJob,
  ],
  exports: [TrendsService, TrendsJob],
})
export class TrendsModule {}
