import type { InfluxDB } from '@influxdata/influxdb-client';
import { DeleteAPI } from '@influxdata/influxdb-client-apis';
import type { InfluxSettings } from './influx.client';

/** Erasure (GDPR Art. 17): deletes every point of a pid, in every measurement, for all time. */
export class PointEraser {
  private readonly api: DeleteAPI;

  constructor(
    influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.api = new DeleteAPI(influx);
  }

  async erasePid(pid: string): Promise<void> {
    if (!/^[a-z0-9]{1,8}\.[A-Za-z0-9_-]{22}$/.test(pid)) throw new Error('refusing to delete: not a pid');
    await this.api.postDelete({
      org: this.s.INFLUX_ORG,
      bucket: this.s.INFLUX_BUCKET,
      body: {
        start: '1970-01-01T00:00:00Z',
        stop: new Date(Date.now() + 366 * 86_400_000).toISOString(),
        predicate: `pid="${pid}"`,
      },
    });
  }
}
