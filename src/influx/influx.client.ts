import { InfluxDB } from '@influxdata/influxdb-client';
import type { AppConfig } from '../config/config.schema';

export type InfluxSettings = Pick<
  AppConfig,
  'INFLUX_URL' | 'INFLUX_TOKEN' | 'INFLUX_ORG' | 'INFLUX_BUCKET' | 'INFLUX_WRITE_TIMEOUT_MS'
> &
  Partial<Pick<AppConfig, 'INFLUX_GZIP' | 'INFLUX_QUERY_TIMEOUT_MS'>>;

/**
 * Only files in src/influx import the InfluxDB client. Its timeout is the socket's idle time, for
 * every request of the instance: the trends' reads get an instance of their own (`timeout`).
 */
export function createInflux(s: InfluxSettings, timeout = s.INFLUX_WRITE_TIMEOUT_MS): InfluxDB {
  return new InfluxDB({ url: s.INFLUX_URL, token: s.INFLUX_TOKEN, timeout });
}
