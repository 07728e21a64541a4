import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ConfigModule } from './config/config.module';
import { ConsentModule } from './consent/consent.module';
import { HealthModule } from './health/health.module';
import { InfluxModule } from './influx/influx.module';
import { IngestModule } from './ingest/ingest.module';
import { KafkaModule } from './kafka/kafka.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    ConfigModule,
    MetricsModule,
    PrivacyModule,
    KafkaModule,
    InfluxModule,
    ConsentModule,
    IngestModule,
    HealthModule,
  ],
})
export class AppModule {}
