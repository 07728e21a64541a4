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

/** Every adapter is built the same way: from the one client and the config. */
const adapter = (type: new (influx: InfluxDB, s: AppConfig) => object) => ({
  provide: type,
  inject: [INFLUX, APP_CONFIG],
  useFactory: (i: InfluxDB, c: AppConfig) => new type(i, c),
});

@Global()
@Module({
  providers: [
    { provide: INFLUX, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createInflux(c) },
    { provide: InfluxHealth, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new InfluxHealth(c) },
    ...[PointWriter, HistoryQuery, CohortQuery, PointEraser].map(adapter),
  ],
  exports: [INFLUX, PointWriter, HistoryQuery, CohortQuery, PointEraser, InfluxHealth],
})
export class InfluxModule {}
