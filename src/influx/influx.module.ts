import type { InfluxDB } from '@influxdata/influxdb-client';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { createInflux } from './influx.client';
import { CohortQuery } from './influx.cohort-query';
import { PointEraser } from './influx.eraser';
import { InfluxHealth } from './influx.health';
import { HistoryQuery } from './influx.history-query';
import { PointWriter } from './influx.point-writer';

export const INFLUX = Symbol('INFLUX');

@Global()
@Module({
  providers: [
    { provide: INFLUX, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createInflux(c) },
    { provide: InfluxHealth, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new InfluxHealth(c) },
    {
      provide: PointWriter,
      inject: [INFLUX, APP_CONFIG],
      useFactory: (i: InfluxDB, c: AppConfig) => new PointWriter(i, c),
    },
    {
      provide: HistoryQuery,
      inject: [INFLUX, APP_CONFIG],
      useFactory: (i: InfluxDB, c: AppConfig) => new HistoryQuery(i, c),
    },
    {
      provide: CohortQuery,
      inject: [INFLUX, APP_CONFIG],
      useFactory: (i: InfluxDB, c: AppConfig) => new CohortQuery(i, c),
    },
    {
      provide: PointEraser,
      inject: [INFLUX, APP_CONFIG],
      useFactory: (i: InfluxDB, c: AppConfig) => new PointEraser(i, c),
    },
  ],
  exports: [INFLUX, PointWriter, HistoryQuery, CohortQuery, PointEraser, InfluxHealth],
})
export class InfluxModule {}
