import type { HrvReading, SleepReading } from './decode/reading.types';
import type { HrvFromRr } from './hrv.metrics';

/**
 * Line protocol for the `hrv`, `sleep` and `daily` measurements. A point's identity in InfluxDB is
 * measurement + tag set + timestamp, so re-delivering a reading rewrites the same point instead of
 * adding one. Tags carry only the pid and closed vocabularies (source, context): never a subject
 * or device identifier, never free text. Every field is a float so that field types never conflict.
 *
 * Each field value costs InfluxDB work on every write, so `hrv` and `sleep` keep what was measured
 * (and the UTC offset, which the warnings need to place a sample in its night): no logarithms, no
 * beat counts, no midpoints, which a query derives from what is kept. The nightly `daily` point,
 * one per person and night, carries the derived values the baselines and trends read.
 */

const DAY_MS = 86_400_000;

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
 * 00:00 UTC of the wake-up date in the person's local time (as Oura and Garmin name a night), so a
 * night has one identity however often its data arrives. Only main sleep makes a night.
 */
export function dailyLine(pid: string, r: SleepReading): string | null {
  if (!r.isMainSleep) return null;
  const n = nightOf(r);
  const fields: Record<string, number | undefined> = {
    sleep_h: n.asleepMin / 60,
    efficiency: n.efficiency,
    midpoint_min: n.midpointMin,
    rhr_bpm: r.restingHrBpm,
    ln_rmssd: r.avgRmssdMs === undefined ? undefined : Math.log(r.avgRmssdMs),
    ln_sdnn: r.avgSdnnMs === undefined ? undefined : Math.log(r.avgSdnnMs),
    utc_offset_min: r.utcOffsetMinutes,
  };
  return line(`daily,pid=${pid},source=${r.source}`, fields, n.wakeDateMs);
}

export interface Night {
  /** 00:00 UTC of the local wake-up date. */
  wakeDateMs: number;
  wakeDate: string;
  asleepMin: number;
  efficiency: number | undefined;
  /** Minutes after local midnight of the midpoint of the sleep period, in [0, 1440). */
  midpointMin: number;
}

export function nightOf(r: SleepReading): Night {
  const offsetMs = r.utcOffsetMinutes * 60_000;
  const wakeLocal = r.endAtMs + offsetMs;
  const wakeDateMs = Math.floor(wakeLocal / DAY_MS) * DAY_MS;
  const inBedMin = (r.endAtMs - r.startAtMs) / 60_000;
  const s = r.stagesMin;
  const staged = s ? (s.light ?? 0) + (s.deep ?? 0) + (s.rem ?? 0) : 0;
  const asleepMin =
    staged > 0 ? staged : r.efficiency !== undefined ? inBedMin * r.efficiency : inBedMin - (s?.awake ?? 0);
  const efficiency =
    r.efficiency ?? (inBedMin > 0 && staged > 0 ? Math.min(1, staged / inBedMin) : undefined);
  const midLocal = (r.startAtMs + r.endAtMs) / 2 + offsetMs;
  const midpointMin = (((midLocal % DAY_MS) + DAY_MS) % DAY_MS) / 60_000;
  return {
    wakeDateMs,
    wakeDate: new Date(wakeDateMs).toISOString().slice(0, 10),
    asleepMin,
    efficiency,
    midpointMin,
  };
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
