import type { JudgedNight } from '../baseline/judged.night';
import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import type { HrvFromRr } from '../ingest/hrv.metrics';
import { DAY_MS, dayNumber, type NightInput } from '../night/night';

/**
 * Line protocol for the `hrv`, `sleep` and `daily` measurements. A point's identity in InfluxDB is
 * measurement + tag set + timestamp, so re-delivering a reading rewrites the same point instead of
 * adding one. Tags carry only the pid and closed vocabularies (source, context): never a subject
 * or device identifier, never free text. Every field is a float so that field types never conflict
 * (except `trend_week`'s one string field, see trendWeekLine).
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
/** The trends' kept nights: one point per person and week, their merged `daily` values packed. */
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
 * again once the night is assembled with the HRV readings taken during it (straps, SDNN watches),
 * and, when they record it, with what it was judged against (`judged`).
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
    ...(judged && judgedFields(judged)),
  };
  return line(`daily,pid=${pid},source=${n.source}`, fields, dayNumber(n.wakeDate) * DAY_MS);
}

/**
 * The `daily` fields of what a night was judged against (#21), written by the warnings when they
 * record the night: `hrv_measure` always (so a point that has it was judged, even before any
 * normal exists), `off_phase` 1 for day sleep, and each signal's normal and spread (HRV as ln ms)
 * where there is one. The trends name the fields they read, so these cost them nothing.
 */
export const JUDGED_FIELDS = [
  'hrv_measure',
  'off_phase',
  'hrv_normal_ln',
  'hrv_spread_ln',
  'rhr_normal_bpm',
  'rhr_spread_bpm',
  'sleep_normal_h',
  'sleep_spread_h',
] as const;

function judgedFields(j: JudgedNight): Record<(typeof JUDGED_FIELDS)[number], number | undefined> {
  return {
    hrv_measure: j.hrvMeasure,
    off_phase: j.offPhase ? 1 : undefined,
    hrv_normal_ln: j.hrv?.center,
    hrv_spread_ln: j.hrv?.scale,
    rhr_normal_bpm: j.rhr?.center,
    rhr_spread_bpm: j.rhr?.scale,
    sleep_normal_h: j.sleep?.center,
    sleep_spread_h: j.sleep?.scale,
  };
}

/** A check-in (the app's two questions, 1–5): numbers only, no free text, stamped when it was made. */
export function checkInLine(pid: string, c: { stress: number; sleepQuality: number }, atMs: number): string {
  return line(`checkin,pid=${pid}`, { stress: c.stress, sleep_quality: c.sleepQuality }, atMs);
}

/**
 * A person's kept week for the trends, stamped at the week's Monday (00:00 UTC), so that a week
 * written again is the same point, and retention drops it with the `daily` points of that Monday.
 * Its one field is a string (base64url, so nothing to escape): the only non-float field, in a
 * measurement of its own, so no field type conflicts.
 */
export function trendWeekLine(pid: string, weekMs: number, packed: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(packed)) throw new Error('a kept week must be base64url');
  return `${TREND_WEEK},pid=${pid} v="${packed}" ${weekMs}`;
}

/**
 * One line, built by a single join: a line built by `+=` is a rope of a few dozen string nodes
 * (~840 bytes for a 140-character line), and lines wait in memory until InfluxDB acknowledged them.
 */
function line(series: string, fields: Record<string, number | undefined>, timestamp: number): string {
  const parts: (string | number)[] = [series];
  let sep = ' ';
  for (const k in fields) {
    const v = fields[k];
    if (v !== undefined && Number.isFinite(v)) {
      parts.push(sep, k, '=', v);
      sep = ',';
    }
  }
  parts.push(' ', timestamp);
  return parts.join('');
}
