import type { InfluxDB, QueryApi } from '@influxdata/influxdb-client';
import type { StoredNight } from '../baseline/judged.night';
import type { SleepReading, Source } from '../ingest/decode/reading.types';
import { type NightInput, nightDayOf } from '../night/night';
import type { HrvSample } from '../night/night.assemble';
import type { InfluxSettings } from './influx.client';
import { selectSeries } from './influx.influxql';
import { JUDGED_FIELD, type Measurement, unpackJudged } from './influx.lines';

export type Row = Record<string, unknown>;

/**
 * What "all of a person's points" spans: every time InfluxDB can store (int64 nanoseconds; Flux's
 * range stops at now() unless told otherwise, and `start: 0` is 1970).
 */
const ALL_TIME = 'range(start: 1677-09-21T00:12:43.145224194Z, stop: 2262-04-11T23:47:16.854775807Z)';
/** The same range in InfluxQL's nanoseconds (its literals refuse the extremes as dates). */
const FIRST_NS = '-9223372036854775806';
const LAST_NS = '9223372036854775806';

const quoted = (fields: string[]) => fields.map((f) => `"${f}"`).join(', ');
/** The `daily` fields of the nights view: the values it shows and what they were judged against. */
const VIEW_FIELDS = quoted(['ln_rmssd', 'ln_sdnn', 'rhr_bpm', 'sleep_h', JUDGED_FIELD]);
/**
 * Where `judged` holds the night's values too: it, and `sleep_h` only to see the nights ingest
 * stored that were not judged (yet), which a read of `judged` alone would leave out unseen.
 */
const JUDGED_VIEW_FIELDS = quoted(['sleep_h', JUDGED_FIELD]);

/** Reads points back. Callers pass pids only: no subject identifier reaches InfluxDB. */
export class HistoryQuery {
  private readonly query: QueryApi;

  constructor(
    private readonly influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {
    this.query = influx.getQueryApi(s.INFLUX_ORG);
  }

  /**
   * All fields and tags of one measurement for one pid, one row per point (`_time`, then each
   * column that has a value), oldest first, from `start` (ISO; '0': InfluxDB's first instant) to
   * the end of its time range, not now(): a sleep stamped later today (ingest accepts clocks a few
   * days ahead) is the person's too, in their export and in their nights. InfluxQL, not Flux: a
   * person's read is small, and Flux's set-up per query cost InfluxDB ~4× the CPU (the personal
   * reads under 50 users: README, Scale); the tag index finds the pid's series either way.
   */
  async pointsOf(measurement: Measurement, pid: string, start = '0', fields = '*'): Promise<Row[]> {
    const ms = Date.parse(start);
    if (start !== '0' && Number.isNaN(ms)) throw new Error(`not a time: ${start}`);
    const from = start === '0' ? FIRST_NS : `${BigInt(ms) * 1_000_000n}`;
    const influxql = `SELECT ${fields} FROM "${measurement}" WHERE "pid" = '${literal(pid)}' AND time >= ${from} AND time <= ${LAST_NS}`;
    const rows: Row[] = [];
    await selectSeries(this.influx, this.s.INFLUX_BUCKET, influxql, (series) => {
      const time = series.columns.indexOf('time');
      if (time < 0) throw new Error('InfluxDB answered a series without its time column');
      for (const values of series.values) {
        const row: Row = { _time: values[time] };
        series.columns.forEach((c, i) => {
          if (i !== time && values[i] !== null) row[c] = values[i];
        });
        rows.push(row);
      }
    });
    return rows;
  }

  /** The HRV samples stored for a pid from `fromMs` on (after a restart or a takeover), oldest first. */
  async hrvSamples(pid: string, fromMs: number): Promise<HrvSample[]> {
    const rows = await this.pointsOf('hrv', pid, new Date(fromMs).toISOString());
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    return rows.map((r) => {
      const atMs = Date.parse(String(r._time));
      return {
        source: String(r.source) as Source,
        atMs,
        night: nightDayOf(atMs, num(r.utc_offset_min) ?? 0),
        rmssdMs: num(r.rmssd_ms),
        sdnnMs: num(r.sdnn_ms),
        restingHrBpm: num(r.resting_hr_bpm),
      };
    });
  }

  /** The stored nights (`daily` points, as dailyLine wrote them) of a pid from `fromMs` on, oldest first. */
  async nights(pid: string, fromMs: number): Promise<NightInput[]> {
    const rows = await this.pointsOf('daily', pid, new Date(fromMs).toISOString());
    return rows.map((r) => ({
      wakeDate: String(r._time).slice(0, 10),
      source: String(r.source ?? 'other'),
      lnRmssd: num(r.ln_rmssd),
      lnSdnn: num(r.ln_sdnn),
      rhrBpm: num(r.rhr_bpm),
      sleepH: num(r.sleep_h),
      efficiency: num(r.efficiency),
      midpointMin: num(r.midpoint_min),
      utcOffsetMinutes: num(r.utc_offset_min),
    }));
  }

  /**
   * The stored nights of a pid from `fromMs` on with what each was judged against where the
   * warnings recorded it (#21): only the fields the nights view shows, for each field is a cursor
   * InfluxDB sets up per shard. `judgedOnly`: two fields, for nights whose `judged` carries their
   * values (the night's other fields then come back undefined).
   */
  async judgedNights(pid: string, fromMs: number, judgedOnly = false): Promise<StoredNight[]> {
    const fields = judgedOnly ? JUDGED_VIEW_FIELDS : VIEW_FIELDS;
    const rows = await this.pointsOf('daily', pid, new Date(fromMs).toISOString(), fields);
    return rows.map((r) => {
      const judged = unpackJudged(r[JUDGED_FIELD]);
      return {
        wakeDate: String(r._time).slice(0, 10),
        lnRmssd: num(r.ln_rmssd),
        lnSdnn: num(r.ln_sdnn),
        rhrBpm: num(r.rhr_bpm),
        sleepH: num(r.sleep_h),
        ...(judged ? { judged } : {}),
      };
    });
  }

  /**
   * The main sleep sessions stored for a pid that ended from `fromMs` on, oldest first, rebuilt from
   * the `sleep` points (sleepLine) with `subjectId`: what the warnings recover after a stop.
   */
  async mainSleeps(pid: string, subjectId: string, fromMs: number): Promise<SleepReading[]> {
    const rows = await this.pointsOf('sleep', pid, new Date(fromMs).toISOString());
    return rows
      .filter((r) => r.main === 'true')
      .map((r) => {
        const endAtMs = Date.parse(String(r._time));
        const startAtMs = endAtMs - Math.round(Number(r.in_bed_min) * 60_000);
        const stages = {
          awake: num(r.awake_min),
          light: num(r.light_min),
          deep: num(r.deep_min),
          rem: num(r.rem_min),
        };
        const s: SleepReading = {
          kind: 'sleep',
          readingId: `stored:${endAtMs}`,
          subjectId,
          source: String(r.source) as Source,
          startAt: new Date(startAtMs).toISOString(),
          startAtMs,
          endAt: new Date(endAtMs).toISOString(),
          endAtMs,
          utcOffsetMinutes: num(r.utc_offset_min) ?? 0,
          isMainSleep: true,
          ...(Object.values(stages).some((v) => v !== undefined) ? { stagesMin: stages } : {}),
          efficiency: num(r.efficiency),
          restingHrBpm: num(r.resting_hr_bpm),
          avgRmssdMs: num(r.avg_rmssd_ms),
          avgSdnnMs: num(r.avg_sdnn_ms),
        };
        for (const k of Object.keys(s) as (keyof SleepReading)[]) if (s[k] === undefined) delete s[k];
        return s;
      });
  }

  /** The check-ins of a pid from `fromMs` on, oldest first. */
  async checkIns(
    pid: string,
    fromMs: number,
  ): Promise<{ atMs: number; stress: number; sleepQuality: number }[]> {
    const rows = await this.pointsOf('checkin', pid, new Date(fromMs).toISOString());
    return rows.map((r) => ({
      atMs: Date.parse(String(r._time)),
      stress: Number(r.stress),
      sleepQuality: Number(r.sleep_quality),
    }));
  }

  /** Number of points (field values) of a pid in all measurements, at any time; 0 after erasure. */
  async countFor(pid: string): Promise<number> {
    const flux = `from(bucket: ${q(this.s.INFLUX_BUCKET)})
  |> ${ALL_TIME}
  |> filter(fn: (r) => r.pid == ${q(pid)})
  |> group()
  |> count()`;
    const rows = await this.query.collectRows<{ _value: number }>(flux);
    return rows.reduce((n, r) => n + Number(r._value), 0);
  }

  /** Points (distinct timestamps) per measurement for a pid: what an erasure tells the person it deleted. */
  async pointCounts(pid: string): Promise<Record<string, number>> {
    const flux = `from(bucket: ${q(this.s.INFLUX_BUCKET)})
  |> ${ALL_TIME}
  |> filter(fn: (r) => r.pid == ${q(pid)})
  |> keep(columns: ["_measurement", "_time"])
  |> group(columns: ["_measurement"])
  |> unique(column: "_time")
  |> map(fn: (r) => ({_measurement: r._measurement, n: 1}))
  |> sum(column: "n")`;
    const rows = await this.query.collectRows<{ _measurement: string; n: number }>(flux);
    const out: Record<string, number> = {};
    for (const r of rows) out[r._measurement] = (out[r._measurement] ?? 0) + Number(r.n);
    return out;
  }

  /** Every distinct value of every tag in the bucket (privacy scans). */
  async allTagValues(): Promise<string[]> {
    const flux = `import "influxdata/influxdb/schema"
schema.tagKeys(bucket: ${q(this.s.INFLUX_BUCKET)}, start: 0)
  |> filter(fn: (r) => r._value != "_start" and r._value != "_stop")`;
    const keys = (await this.query.collectRows<{ _value: string }>(flux)).map((r) => r._value);
    const values: string[] = [];
    for (const key of keys) {
      const vf = `import "influxdata/influxdb/schema"
schema.tagValues(bucket: ${q(this.s.INFLUX_BUCKET)}, tag: ${q(key)}, start: 0)`;
      for (const r of await this.query.collectRows<{ _value: string }>(vf)) values.push(`${key}=${r._value}`);
    }
    return values;
  }
}

/** An InfluxQL string literal's inside (pids are base64url; escaped all the same). */
function literal(s: string): string {
  return s.replace(/[\\']/g, (c) => `\\${c}`);
}

/** A Flux string literal. */
function q(s: string): string {
  return JSON.stringify(s);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
