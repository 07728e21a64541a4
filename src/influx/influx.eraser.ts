import type { InfluxDB } from '@influxdata/influxdb-client';
import { DeleteAPI } from '@influxdata/influxdb-client-apis';
import type { InfluxSettings } from './influx.client';
import { MEASUREMENTS, type Measurement } from './influx.lines';

/**
 * Deletes points: a person's on erasure (GDPR Art. 17), and everyone's past their retention
 * (Art. 5(1)(e)).
 */
export class PointEraser {
  private readonly api: DeleteAPI;

  constructor(
    influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.api = new DeleteAPI(influx);
  }

  /** Every point of a pid, in every measurement, for all time. */
  async erasePid(pid: string): Promise<void> {
    if (!/^[a-z0-9]{1,8}\.[A-Za-z0-9_-]{22}$/.test(pid)) throw new Error('refusing to delete: not a pid');
    await this.delete(`pid="${pid}"`, new Date(Date.now() + 366 * 86_400_000).toISOString());
  }

  /** The points of `measurement` with time < `stop`, all people at once. */
  async deleteBefore(measurement: Measurement, stop: Date): Promise<void> {
    if (!MEASUREMENTS.includes(measurement)) throw new Error('refusing to delete: not a measurement');
    if (Number.isNaN(stop.getTime())) throw new Error('refusing to delete: no cutoff');
    await this.delete(`_measurement="${measurement}"`, justBefore(stop));
  }

  private async delete(predicate: string, stop: string): Promise<void> {
    await this.api.postDelete({
      org: this.s.INFLUX_ORG,
      bucket: this.s.INFLUX_BUCKET,
      body: { start: '1970-01-01T00:00:00Z', stop, predicate },
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
