import type { InfluxDB } from '@influxdata/influxdb-client';
import { DeleteAPI } from '@influxdata/influxdb-client-apis';
import type { InfluxSettings } from './influx.client';
import { HistoryQuery } from './influx.history-query';
import { MEASUREMENTS, type Measurement } from './influx.lines';

/**
 * Deletes points: a person's on erasure (GDPR Art. 17), and everyone's past their retention
 * (Art. 5(1)(e)).
 */
export class PointEraser {
  private readonly api: DeleteAPI;
  private readonly history: HistoryQuery;

  constructor(
    private readonly influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.api = new DeleteAPI(influx);
    this.history = new HistoryQuery(influx, s);
  }

  /**
   * Every point of a pid, in every measurement, at any time (InfluxQL's DELETE without a time
   * condition spans the whole int64 nanosecond range). Not /api/v2/delete: InfluxDB 2.x runs a
   * delete predicate against the key of every series in every shard of the bucket (tsdb
   * Store.DeleteSeriesWithPredicate, whatever the time range): 4–13 s of influxd CPU per delete
   * at 100,000 people (README, bench:scale), while InfluxQL's DELETE (Store.DeleteSeries, the 1.x compatibility API) finds the pid's
   * series through the tag index. Its database is the bucket's virtual DBRP mapping (the bucket's
   * name); an error comes back in an HTTP 200 body. Another instance's batch that lands right
   * after the delete makes it throw (the erasure runs again); the sweep after the settle finds none.
   */
  async erasePid(pid: string): Promise<void> {
    if (!/^[a-z0-9]{1,8}\.[A-Za-z0-9_-]{22}$/.test(pid)) throw new Error('refusing to delete: not a pid');
    // a delete walks InfluxDB's write cache of every shard holding the pid, seconds while recent
    // writes fill it (README, Scale): a count through the tag index first spares the sweep that walk
    if ((await this.history.countFor(pid)) === 0) return;
    const answer = (await this.influx.transport.request(
      `/query?db=${encodeURIComponent(this.s.INFLUX_BUCKET)}`,
      new URLSearchParams({ q: `DELETE WHERE "pid" = '${pid}'` }).toString(),
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    )) as { error?: string; results?: { error?: string }[] } | undefined;
    const error = answer?.error ?? answer?.results?.find((r) => r.error)?.error;
    if (error) throw new Error(`InfluxDB refused the delete: ${error}`);
    // an erasure must not report success over surviving points: a DBRP mapping that gives the
    // bucket's name to another bucket would send the delete there, without an error
    const left = await this.history.countFor(pid);
    if (left > 0)
      throw new Error(
        `${left} values of the pid left after the delete (is a 1.x database named like the bucket mapped elsewhere?)`,
      );
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
