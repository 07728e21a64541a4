import { InfluxDB } from '@influxdata/influxdb-client';
import type { AppConfig } from '../config/config.schema';

export type InfluxSettings = Pick<
  AppConfig,
  'INFLUX_URL' | 'INFLUX_TOKEN' | 'INFLUX_ORG' | 'INFLUX_BUCKET' | 'INFLUX_WRITE_TIMEOUT_MS'
> &
  Partial<Pick<AppConfig, 'INFLUX_GZIP'>>;

/** Only files in src/influx import the InfluxDB client. */
export function createInflux(s: InfluxSettings): InfluxDB {
  return new InfluxDB({ url: s.INFLUX_URL, token: s.INFLUX_TOKEN, timeout: s.INFLUX_WRITE_TIMEOUT_MS });
}
