import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config.schema';
import { ConsentModule } from './consent/consent.module';
import { ErasureModule } from './erasure/erasure.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { InfluxModule } from './influx/influx.module';
import { IngestModule } from './ingest/ingest.module';
import { KafkaModule } from './kafka/kafka.module';
import { LibraryModule } from './library/library.module';
import { loggerParams } from './logging/logging.options';
import { MeModule } from './me/me.module';
import { MetricsModule } from './metrics/metrics.module';
import { NudgesModule } from './nudges/nudges.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RetentionModule } from './retention/retention.module';
import { TrendsModule } from './trends/trends.module';
import { WarningsModule } from './warnings/warnings.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config)),
        ScheduleModule.forRoot(),
        ConfigModule.forRoot(config),
        EventsModule,
        MetricsModule,
        PrivacyModule,
        KafkaModule,
        InfluxModule,
        ConsentModule,
        ErasureModule,
        IngestModule,
        WarningsModule,
        NudgesModule,
        TrendsModule,
        RetentionModule,
        HealthModule,
        WebModule,
        MeModule,
        LibraryModule,
      ],
    };
  }
}
