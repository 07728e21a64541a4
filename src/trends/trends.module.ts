import { Logger, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentModule } from '../consent/consent.module';
import { CohortQuery } from '../influx/influx.cohort-query';
import { INFLUX } from '../influx/influx.module';
import { KAFKA } from '../kafka/kafka.module';
import { RecordProducer } from '../kafka/kafka.record-producer';
import { TrendsLog } from '../kafka/kafka.trends-log';
import { DashboardController } from './dashboard.controller';
import { TrendsController } from './trends.controller';
import { ACTIVE_WARNINGS, NO_ACTIVE_WARNINGS, TrendContributions } from './trends.gather';
import { TrendsJob } from './trends.job';
import { TREND_CONTRIBUTIONS, TREND_RECORDS_LOG, TREND_STATE_LOG, TrendsService } from './trends.service';
import { TREND_SETTINGS, trendSettings } from './trends.settings';

// client types by way of the adapters, so that only src/kafka and src/influx name the clients
type Kafka = ConstructorParameters<typeof TrendsLog>[0];
type Influx = ConstructorParameters<typeof CohortQuery>[0];

const logOf = (topic: (c: AppConfig) => string) => (kafka: Kafka, producer: RecordProducer, c: AppConfig) =>
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
      provide: CohortQuery,
      inject: [INFLUX, APP_CONFIG],
      useFactory: (i: Influx, c: AppConfig) => new CohortQuery(i, c),
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
    // the seam for a warnings service: replace with { provide: ACTIVE_WARNINGS, useExisting: ... }
    { provide: ACTIVE_WARNINGS, useValue: NO_ACTIVE_WARNINGS },
    { provide: TREND_CONTRIBUTIONS, useClass: TrendContributions },
    TrendsService,
    TrendsJob,
  ],
  exports: [TrendsService, TrendsJob],
})
export class TrendsModule {}
