import type { InfluxDB, QueryApi } from '@influxdata/influxdb-client';
import type { InfluxSettings } from './influx.client';

/** One row of the `daily` measurement: one person (by pid), one night, one source. */
export interface DailyRow {
  pid: string;
  /** Wake-up date, YYYY-MM-DD (the point is stamped at 00:00 UTC of it). */
  night: string;
  lnRmssd?: number;
  lnSdnn?: number;
  sleepH?: number;
  rhrBpm?: number;
}

const PID = /^[a-z0-9]{1,8}\.[A-Za-z0-9_-]{22}$/;
/** Pids per query: an `or` chain of tag equalities is pushed down to the storage engine. */
const CHUNK = 100;
const FIELDS = { ln_rmssd: 'lnRmssd', ln_sdnn: 'lnSdnn', sleep_h: 'sleepH', rhr_bpm: 'rhrBpm' } as const;

/**
 * Nightly values of many people at once, for the trend feeds. Callers pass pids only, so no
 * subject identifier reaches InfluxDB; rows come back keyed by pid.
 */
export class CohortQuery {
  private readonly query: QueryApi;

  constructor(
    influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.query = influx.getQueryApi(s.INFLUX_ORG);
  }

  /** Every night with a wake-up date in [from, to) (YYYY-MM-DD), per pid and source. */
  nightsBetween(pids: readonly string[], from: string, to: string): Promise<DailyRow[]> {
    return this.inChunks(pids, (filter) => this.flux(from, to, filter, ''));
  }

  /**
   * The latest `nights` nights per pid (and source) with a wake-up date in [from, before): the
   * window a person's own baseline is computed from.
   */
  latestNightsBefore(
    pids: readonly string[],
    from: string,
    before: string,
    nights: number,
  ): Promise<DailyRow[]> {
    const limit = `\n  |> sort(columns: ["_time"], desc: true)\n  |> limit(n: ${Math.trunc(nights)})`;
    return this.inChunks(pids, (filter) => this.flux(from, before, filter, limit));
  }

  private async inChunks(pids: readonly string[], flux: (pidFilter: string) => string): Promise<DailyRow[]> {
    for (const pid of pids) if (!PID.test(pid)) throw new Error('refusing to query: not a pid');
    const out: DailyRow[] = [];
    for (let i = 0; i < pids.length; i += CHUNK) {
      const filter = pids
        .slice(i, i + CHUNK)
        .map((p) => `r.pid == ${q(p)}`)
        .join(' or ');
      const rows = await this.query.collectRows<Record<string, unknown>>(flux(filter));
      for (const r of rows) out.push(toRow(r));
    }
    return out;
  }

  private flux(from: string, to: string, pidFilter: string, tail: string): string {
    const fields = Object.keys(FIELDS)
      .map((f) => `r._field == ${q(f)}`)
      .join(' or ');
    return `from(bucket: ${q(this.s.INFLUX_BUCKET)})
  |> range(start: ${day(from)}, stop: ${day(to)})
  |> filter(fn: (r) => r._measurement == "daily" and (${fields}))
  |> filter(fn: (r) => ${pidFilter})${tail}
  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
  |> keep(columns: ["_time", "pid", ${Object.keys(FIELDS).map(q).join(', ')}])
  |> group()`;
  }
}

function toRow(r: Record<string, unknown>): DailyRow {
  const row: DailyRow = { pid: String(r.pid), night: String(r._time).slice(0, 10) };
  for (const [field, name] of Object.entries(FIELDS)) {
    const v = r[field];
    if (typeof v === 'number' && Number.isFinite(v)) row[name] = v;
  }
  return row;
}

/** 00:00 UTC of a YYYY-MM-DD date, as a Flux time. */
function day(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('expected a YYYY-MM-DD date');
  return `${date}T00:00:00Z`;
}

/** A Flux string literal. */
function q(s: string): string {
  return JSON.stringify(s);
}
