import type { JudgedNight } from '../baseline/judged.night';
import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import type { HrvFromRr } from '../ingest/hrv.metrics';
import { DAY_MS, dayNumber, type NightInput } from '../night/night';

/**
 * Line protocol for the `hrv`, `sleep` and `daily` measurements. A point's identity in InfluxDB is
 * measurement + tag set + timestamp, so re-delivering a reading rewrites the same point instead of
 * adding one. Tags carry only the pid and closed vocabularies (source, context): never a subject
 * or device identifier, never free text. Every field is a float so that field types never conflict
 * (except `trend_week`'s one string field, see trendWeekLine, and `daily`'s `judged`, see packJudged).
 *
 * Each field value costs InfluxDB work on every write, so `hrv` and `sleep` keep what was measured
 * (and the UTC offset, which the warnings need to place a sample in its night): no logarithms, no
 * beat counts, no midpoints, which a query derives from what is kept. The nightly `daily` point,
 * one per person and night, carries the derived values the baselines and trends read.
 * Pure (no client): ingest builds its lines while the batch before is being written.
 */

/**
 * The measurements Respite writes: raw readings, the nightly summaries, the person's check-ins and
 * the trends' kept history (src/trends/trends.history.ts). Each is deleted with the person's pid and
 * pruned by retention.
 */
export const MEASUREMENTS = ['hrv', 'sleep', 'daily', 'checkin', 'trend_week'] as const;
/** The trends' kept nights: one point per person and block of weeks, their merged `daily` values packed. */
export const TREND_WEEK = 'trend_week' satisfies Measurement;
export type Measurement = (typeof MEASUREMENTS)[number];

export function hrvLine(pid: string, r: HrvReading, fromRr: HrvFromRr | null): string {
  const rmssd = fromRr?.rmssdMs ?? r.rmssdMs;
  const sdnn = fromRr?.sdnnMs ?? r.sdnnMs;
  const fields: Record<string, number | undefined> = {
    rmssd_ms: rmssd,
    sdnn_ms: sdnn,
    resting_hr_bpm: r.restingHrBpm,
    window_s: r.windowSeconds,
    /** RR intervals replaced as artefacts (the beats kept: window's intervals minus these). */
    artefacts: fromRr?.artefacts,
    utc_offset_min: r.utcOffsetMinutes,
  };
  return line(`hrv,pid=${pid},source=${r.source},context=${r.context}`, fields, r.measuredAtMs);
}

export function sleepLine(pid: string, r: SleepReading): string {
  const fields: Record<string, number | undefined> = {
    in_bed_min: (r.endAtMs - r.startAtMs) / 60_000,
    awake_min: r.stagesMin?.awake,
    light_min: r.stagesMin?.light,
    deep_min: r.stagesMin?.deep,
    rem_min: r.stagesMin?.rem,
    efficiency: r.efficiency,
    resting_hr_bpm: r.restingHrBpm,
    avg_rmssd_ms: r.avgRmssdMs,
    avg_sdnn_ms: r.avgSdnnMs,
    utc_offset_min: r.utcOffsetMinutes,
  };
  return line(`sleep,pid=${pid},source=${r.source},main=${r.isMainSleep}`, fields, r.endAtMs);
}

/**
 * The nightly summary the baselines and trends read: one point per person and night, stamped at
 * 00:00 UTC of the wake-up date in the person's local time (src/night), so a night has one identity
 * however often it is written. Ingest writes it from the main sleep alone; the warnings write it
 * again where the HRV readings taken during it (straps, SDNN watches) add to it, then with what it
 * was judged against (`judged`) when they record it; else they write `judged` alone (judgedLine).
 */
export function dailyLine(pid: string, n: NightInput, judged?: JudgedNight): string {
  const fields: Record<string, number | undefined> = {
    sleep_h: n.sleepH,
    efficiency: n.efficiency,
    midpoint_min: n.midpointMin,
    rhr_bpm: n.rhrBpm,
    ln_rmssd: n.lnRmssd,
    ln_sdnn: n.lnSdnn,
    utc_offset_min: n.utcOffsetMinutes,
  };
  const text = judged && ([JUDGED_FIELD, packJudged(judged)] as const);
  return line(dailySeries(pid, n), fields, dailyTime(n), text);
}

/**
 * Only what a night was judged against, on the point ingest wrote for the night (the same series
 * and time, so InfluxDB merges it field by field and keeps ingest's values): for a night whose
 * values the warnings did not change, one field for influxd to parse, index and compact, not the
 * eight of the whole point again (#21).
 */
export function judgedLine(
  pid: string,
  n: Pick<NightInput, 'wakeDate' | 'source'>,
  judged: JudgedNight,
): string {
  return line(dailySeries(pid, n), {}, dailyTime(n), [JUDGED_FIELD, packJudged(judged)]);
}

/** The identity of a night's `daily` point: a tag more or less would make it another series. */
const dailySeries = (pid: string, n: Pick<NightInput, 'source'>) => `daily,pid=${pid},source=${n.source}`;
const dailyTime = (n: Pick<NightInput, 'wakeDate'>) => dayNumber(n.wakeDate) * DAY_MS;

/**
 * The `daily` field of what a night was judged against (#21), written by the warnings when they
 * record the night: one string, so that InfluxDB holds one more key per person and shard, not
 * eight (an erasure's delete lists every key of the current shard's write cache; eight number
 * fields made it ~2.7× slower with a live night in the cache: README, Scale), and the nights read
 * sets up one more cursor per shard. Eleven values, comma-separated: the HRV measure (0 none yet,
 * 1 ln RMSSD, 2 ln SDNN; present on every judged point), 1 for a night slept by day (else 0),
 * the normal and spread of ln HRV, resting HR (bpm) and sleep (h), empty where there is none, then
 * the night's own ln HRV, resting HR and sleep as compared (empty where none), so that the nights
 * view reads this one field instead of four more (each a cursor per shard for influxd). Points
 * written before the last three were kept have eight. The trends name the fields they read, so it
 * costs them nothing.
 */
export const JUDGED_FIELD = 'judged';

export function packJudged(j: JudgedNight): string {
  const n = (b: { center: number; scale: number } | null) => (b ? `${b.center},${b.scale}` : ',');
  const head = `${j.hrvMeasure},${j.offPhase ? 1 : 0},${n(j.hrv)},${n(j.rhr)},${n(j.sleep)}`;
  const v = (x: number) => (Number.isFinite(x) ? String(x) : '');
  return j.values ? `${head},${j.values.map(v).join(',')}` : head;
}

/** The field read back; undefined for anything not written by packJudged (then the night is replayed). */
export function unpackJudged(v: unknown): JudgedNight | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.split(',');
  if (parts.length !== 8 && parts.length !== 11) return undefined;
  // ~60 of these per nights answer: only the two flags as numbers here, the normals below
  const measure = Number(parts[0]);
  const offPhase = Number(parts[1]);
  if (!(measure === 0 || measure === 1 || measure === 2) || !(offPhase === 0 || offPhase === 1))
    return undefined;
  const normal = (c: string, s: string) => {
    if (c === '' && s === '') return null;
    const center = Number(c);
    const scale = Number(s);
    return c !== '' && s !== '' && Number.isFinite(center) && Number.isFinite(scale)
      ? { center, scale }
      : undefined;
  };
  const hrv = normal(parts[2]!, parts[3]!);
  const rhr = normal(parts[4]!, parts[5]!);
  const sleep = normal(parts[6]!, parts[7]!);
  if (hrv === undefined || rhr === undefined || sleep === undefined) return undefined;
  const j: JudgedNight = { hrvMeasure: measure, offPhase: offPhase === 1, hrv, rhr, sleep };
  if (parts.length === 8) return j;
  const value = (x: string) => (x === '' ? Number.NaN : Number(x));
  const values = [value(parts[8]!), value(parts[9]!), value(parts[10]!)] as const;
  if (values.some((x, i) => parts[8 + i] !== '' && !Number.isFinite(x))) return undefined;
  j.values = values;
  return j;
}

/** A check-in (the app's two questions, 1–5): numbers only, no free text, stamped when it was made. */
export function checkInLine(pid: string, c: { stress: number; sleepQuality: number }, atMs: number): string {
  return line(`checkin,pid=${pid}`, { stress: c.stress, sleep_quality: c.sleepQuality }, atMs);
}

/**
 * A person's kept weeks for the trends, one record per block of weeks (trends.history), stamped at
 * the block's first Monday (00:00 UTC), so that a block written again is the same point, and
 * retention drops it with the `daily` points of that Monday. Its one field is a string (base64url,
 * so nothing to escape): the only non-float field, in a measurement of its own, so no field type
 * conflicts. The measurement keeps its name from when a record held one week.
 */
export function trendWeekLine(pid: string, weekMs: number, packed: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(packed)) throw new Error('a kept week must be base64url');
  return `${TREND_WEEK},pid=${pid} v="${packed}" ${weekMs}`;
}

/**
 * One line, built by a single join: a line built by `+=` is a rope of a few dozen string nodes
 * (~840 bytes for a 140-character line), and lines wait in memory until InfluxDB acknowledged them.
 */
function line(
  series: string,
  fields: Record<string, number | undefined>,
  timestamp: number,
  text?: readonly [string, string],
): string {
  const parts: (string | number)[] = [series];
  let sep = ' ';
  for (const k in fields) {
    const v = fields[k];
    if (v !== undefined && Number.isFinite(v)) {
      parts.push(sep, k, '=', v);
      sep = ',';
    }
  }
  // a string field carries only what needs no escaping (its callers write numbers and commas)
  if (text) {
    if (!/^[0-9.,eE+-]*$/.test(text[1])) throw new Error(`not a packed field: ${text[1]}`);
    parts.push(sep, text[0], '="', text[1], '"');
  }
  parts.push(' ', timestamp);
  return parts.join('');
}
