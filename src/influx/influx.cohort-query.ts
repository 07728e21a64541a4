import type { FluxTableMetaData, InfluxDB, QueryApi } from '@influxdata/influxdb-client';
import { createInflux, type InfluxSettings } from './influx.client';
import { type InfluxqlSeries, type Paced, selectSeries } from './influx.influxql';
import { TREND_WEEK } from './influx.lines';

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

/** One night of one source, without the pid: what `dailyByPid` hands over per pid. */
export type SourceNight = Omit<DailyRow, 'pid'>;

export type { Paced };

type Columns = { time: number; value: number; field: number; pid: number };

const PID = /^[a-z0-9]{1,8}\.[A-Za-z0-9_-]{22}$/;
/** Pids per query: an `or` chain of tag equalities is pushed down to the storage engine. */
const CHUNK = 100;
const FIELDS = { ln_rmssd: 'lnRmssd', ln_sdnn: 'lnSdnn', sleep_h: 'sleepH', rhr_bpm: 'rhrBpm' } as const;

/**
 * Nightly values of many people at once, for the trend feeds. Callers pass pids only, so no
 * subject identifier reaches InfluxDB; rows come back keyed by pid.
 */
export class CohortQuery {
  private readonly influx: InfluxDB;
  private readonly query: QueryApi;
  /** Rows per chunk of dailyByPid's answer (tests make chunks end inside a series). */
  chunkRows: number | undefined;

  /** Reads on a client of their own when INFLUX_QUERY_TIMEOUT_MS is set (the service: always). */
  constructor(
    influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.influx = s.INFLUX_QUERY_TIMEOUT_MS ? createInflux(s, s.INFLUX_QUERY_TIMEOUT_MS) : influx;
    this.query = this.influx.getQueryApi(s.INFLUX_ORG);
  }

  /**
   * Every night with a wake-up date in [from, to) (YYYY-MM-DD), streamed by pid: `each` gets one
   * pid's nights at a time, per source, oldest first, and only that pid's are held. The storage
   * engine returns series in key order (measurement, pid, source), so a pid's series come together;
   * that is the engine's order, not a promise of the language, so a pid may in principle come back
   * later in the stream: `each` is then called again for it, and the caller must notice. One InfluxQL
   * query (influx.influxql), filtered by time only, so it names nobody and its cost grows with the
   * points read, not with (points × pids in a filter); InfluxQL rather than Flux for the service's
   * CPU (README, "The first run in InfluxQL" and "The period's nights read in InfluxQL"). A series
   * whose pid tag is not a pid fails the read: nothing but Respite's pids is written there. The fields
   * come joined on time per pid and source.
   */
  dailyByPid(range: { from: string; to: string }, each: (pid: string, nights: SourceNight[]) => Paced) {
    const fields = Object.keys(FIELDS).map((f) => `"${f}"`);
    const influxql = `SELECT ${fields.join(', ')} FROM "daily" WHERE time >= '${day(range.from)}' AND time < '${day(range.to)}' GROUP BY "pid", "source"`;
    let pid: string | undefined;
    let nights: SourceNight[] = [];
    const flush = () => (pid === undefined ? undefined : each(pid, nights));
    return selectSeries(
      this.influx,
      this.s.INFLUX_BUCKET,
      influxql,
      (series) => {
        const p = series.tags.pid;
        if (p === undefined || !PID.test(p))
          throw new Error('InfluxDB answered a series whose pid tag is not a pid');
        const paced = p === pid ? undefined : flush();
        if (p !== pid) {
          pid = p;
          nights = [];
        }
        nights.push(...nightsOf(series));
        return paced;
      },
      this.chunkRows,
    ).then(flush);
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

  /**
   * The trends' kept records (measurement `trend_week`, one string field per person and block of
   * weeks, stamped at its first Monday, `week` here; a week alone where a run before blocks kept it)
   * from `from` to `to` (YYYY-MM-DD), streamed as `dailyByPid` is: `each` gets one pid's records at
   * a time, oldest first (a pid may again come back later).
   */
  weeksByPid(
    range: { from: string; to: string },
    each: (pid: string, weeks: { week: string; packed: string }[]) => Paced,
  ): Promise<void> {
    const flux = `from(bucket: ${q(this.s.INFLUX_BUCKET)})
  |> range(start: ${day(range.from)}, stop: ${day(range.to)})
  |> filter(fn: (r) => r._measurement == ${q(TREND_WEEK)} and r._field == "v")`;
    return this.byPid<{ week: string; packed: string }[]>(
      flux,
      () => [],
      (weeks, values, col) =>
        void weeks.push({ week: values[col.time]!.slice(0, 10), packed: values[col.value]! }),
      each,
    );
  }

  /**
   * Streams a query's rows grouped by pid (consecutive rows of one pid). When `each` returns a
   * promise, the response is paused until it settles (the client's useResume), so a caller that
   * writes as it reads holds a bounded amount; a rejected promise fails the stream.
   */
  private byPid<T>(
    flux: string,
    init: () => T,
    add: (acc: T, values: string[], col: Columns) => void,
    each: (pid: string, acc: T) => Paced,
  ): Promise<void> {
    let pid: string | undefined;
    let acc = init();
    let waiting: Promise<void> | undefined;
    let failed: unknown;
    const flush = () => {
      if (pid === undefined) return;
      const r = each(pid, acc);
      if (r) {
        const w: Promise<void> = r.then(
          () => {
            if (waiting === w) waiting = undefined;
          },
          (err: unknown) => {
            failed ??= err;
          },
        );
        waiting = w;
      }
    };
    return new Promise((resolve, reject) => {
      let layout: FluxTableMetaData | undefined;
      let col: Columns = { time: 0, value: 0, field: 0, pid: 0 };
      this.query.queryRows(flux, {
        next: (values, meta) => {
          if (failed !== undefined) return false;
          if (meta !== layout) {
            layout = meta;
            col = {
              time: meta.column('_time').index,
              value: meta.column('_value').index,
              field: meta.column('_field').index,
              pid: meta.column('pid').index,
            };
          }
          const p = values[col.pid]!;
          if (p !== pid) {
            flush();
            pid = p;
            acc = init();
          }
          add(acc, values, col);
          return waiting === undefined;
        },
        useResume: (resume) => {
          const go = () => (failed === undefined ? resume() : reject(failed));
          if (waiting) waiting.then(go);
          else go();
        },
        error: reject,
        complete: () => {
          try {
            flush();
            (waiting ?? Promise.resolve()).then(() => (failed === undefined ? resolve() : reject(failed)));
          } catch (err) {
            reject(err);
          }
        },
      });
    });
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

/** An InfluxQL series' rows as nights: a row has the time, then one column per field (or null). */
function nightsOf(series: InfluxqlSeries): SourceNight[] {
  const at = series.columns.map((c) => FIELDS[c as keyof typeof FIELDS]);
  const time = series.columns.indexOf('time');
  if (time < 0) throw new Error('InfluxDB answered a series without its time column');
  const out: SourceNight[] = [];
  for (const row of series.values) {
    const n: SourceNight = { night: String(row[time]).slice(0, 10) };
    let any = false;
    row.forEach((v, i) => {
      const name = at[i];
      if (name === undefined || typeof v !== 'number' || !Number.isFinite(v)) return;
      n[name] = v;
      any = true;
    });
    if (any) out.push(n);
  }
  return out;
}

function toRow(r: Record<string, unknown>): DailyRow {
  const row: DailyRow = { pid: String(r.pid), night: String(r._time).slice(0, 10) };
  for (const [field, name] of Object.entries(FIELDS)) {
    const v = r[field];
    if (typeof v === 'number' && Number.isFinite(v)) row[name] = v;
  }
  return row;
}

/** 00:00 UTC of a YYYY-MM-DD date, as a Flux time (and an InfluxQL time literal's text). */
function day(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('expected a YYYY-MM-DD date');
  return `${date}T00:00:00Z`;
}

/** A Flux string literal. */
function q(s: string): string {
  return JSON.stringify(s);
}
