import type { InfluxDB } from '@influxdata/influxdb-client';
import { DeleteAPI } from '@influxdata/influxdb-client-apis';
import type { InfluxSettings } from './influx.client';

/** Retention: deletes every point of one measurement older than a cutoff, all people at once. */
export class PointRetention {
  private readonly api: DeleteAPI;

  constructor(
    influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.api = new DeleteAPI(influx);
  }

  /** Deletes the points of `measurement` with time < `stop`. */
  async deleteBefore(measurement: string, stop: Date): Promise<void> {
    if (!/^[a-z_]{1,32}$/.test(measurement)) throw new Error('refusing to delete: not a measurement');
    if (Number.isNaN(stop.getTime())) throw new Error('refusing to delete: no cutoff');
    await this.api.postDelete({
      org: this.s.INFLUX_ORG,
      bucket: this.s.INFLUX_BUCKET,
      body: {
        start: '1970-01-01T00:00:00Z',
        stop: justBefore(stop),
        predicate: `_measurement="${measurement}"`,
      },
    });
  }
}

/**
 * The delete API's stop is inclusive (a point at exactly `stop` goes too; checked against InfluxDB
 * 2.x), so it is given the last nanosecond before the cutoff, in RFC 3339 with nanoseconds.
 */
function justBefore(stop: Date): string {
  return `${new Date(stop.getTime() - 1).toISOString().slice(0, 23)}999999Z`;
}
