import type { InfluxDB } from '@influxdata/influxdb-client';
import { Global, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ensureShardGroups } from './influx.bucket';
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

/** Sets the bucket's shard groups once the service has started, without holding the start up. */
@Injectable()
class BucketSettings implements OnApplicationBootstrap {
  constructor(@Inject(APP_CONFIG) private readonly c: AppConfig) {}

  onApplicationBootstrap(): void {
    void ensureShardGroups(this.c, this.c.INFLUX_SHARD_GROUP_DAYS);
  }
}

@Global()
@Module({
  providers: [
    BucketSettings,
    { provide: INFLUX, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createInflux(c) },
    { provide: InfluxHealth, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new InfluxHealth(c) },
    ...[PointWriter, HistoryQuery, CohortQuery, PointEraser].map(adapter),
  ],
  exports: [INFLUX, PointWriter, HistoryQuery, CohortQuery, PointEraser, InfluxHealth],
})
export class InfluxModule {}
