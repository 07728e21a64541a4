// One simulated night as the wearables would send it: a main sleep session (sleep.v1) and an HRV
// reading taken during it (hrv.v1), in the canonical contract JSON, with each timestamp written in
// the offset in force at that instant (a DST night has two).
import type { SimNight } from './physiology';
import { gaussian, round, seededUuid } from './prng';
import type { SimMessage, SimPerson } from './sim.types';
import { localToUtc, offsetAt } from './timezones';

export interface TimedMessage extends SimMessage {
  /** When the reading was taken (UTC ms): HRV during the night, sleep at wake-up. */
  eventMs: number;
}

export function nightMessages(p: SimPerson, n: SimNight, rand: () => number): TimedMessage[] {
  const asleepMin = n.sleepH * 60;
  const inBedMin = asleepMin / n.efficiency;
  const endLocalMin = Math.min(1400, Math.max(30, n.midMin + inBedMin / 2));
  const endAt = Math.round(localToUtc(n.zone, n.wakeDateMs + endLocalMin * 60_000) / 1000) * 1000;
  const startAt = endAt - Math.round(inBedMin) * 60_000;
  const at = (ms: number) => iso(ms, offsetAt(n.zone, ms));
  const deep = Math.round(asleepMin * 0.19);
  const rem = Math.round(asleepMin * 0.23);
  const light = Math.round(asleepMin) - deep - rem;
  const kind = n.device.kind;
  const hrvId = seededUuid(rand);
  const sleepId = seededUuid(rand);
  const sampleNoise = gaussian(rand);
  const out: TimedMessage[] = [];
  const measuredAt = startAt + Math.round(inBedMin * 0.45) * 60_000;
  if (n.hasHrv) {
    const hrv: Record<string, unknown> = {
      schema: 'hrv.v1',
      readingId: hrvId,
      subjectId: p.subjectId,
      source: n.device.source,
      measuredAt: at(measuredAt),
      windowSeconds: 300,
      context: 'sleep',
    };
    // a 5-minute window is noisier than the whole-night average the sleep summary carries
    if (kind === 'rmssd') hrv.rmssdMs = ms(n.lnHrv + 0.12 * sampleNoise);
    if (kind === 'sdnn') hrv.sdnnMs = ms(n.lnSdnn);
    if (kind === 'rr') hrv.rrIntervalsMs = rrIntervals(Math.exp(n.lnHrv + 0.08 * sampleNoise), n.rhr, rand);
    if (n.hasRhr && kind !== 'rr') hrv.restingHrBpm = Math.round(n.rhr);
    out.push({ topic: 'hrv', key: p.subjectId, value: JSON.stringify(hrv), eventMs: measuredAt });
  }
  const sleep: Record<string, unknown> = {
    schema: 'sleep.v1',
    readingId: sleepId,
    subjectId: p.subjectId,
    source: n.device.source,
    startAt: at(startAt),
    endAt: at(endAt),
    isMainSleep: true,
    stagesMin: { awake: Math.round(inBedMin - asleepMin), light, deep, rem },
    efficiency: round(n.efficiency, 3),
  };
  if (n.hasRhr) sleep.restingHrBpm = round(n.rhr, 1);
  if (n.hasHrv && kind === 'rmssd') sleep.avgRmssdMs = ms(n.lnHrv);
  out.push({ topic: 'sleep', key: p.subjectId, value: JSON.stringify(sleep), eventMs: endAt });
  return out;
}

/**
 * Five minutes of RR intervals whose RMSSD is the target: respiratory sinus arrhythmia (a breath every
 * 4–5 beats) plus beat noise, scaled to the target, and now and then an ectopic beat with its
 * compensatory pause for the service's artefact filter to remove.
 */
export function rrIntervals(targetRmssd: number, hrBpm: number, rand: () => number): number[] {
  const mean = 60_000 / (hrBpm + 3);
  const n = Math.floor(300_000 / mean);
  const x: number[] = [];
  let phase = rand() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    phase += (2 * Math.PI) / (4 + rand());
    x.push(Math.sin(phase) + 0.3 * gaussian(rand));
  }
  let ss = 0;
  for (let i = 1; i < n; i++) ss += (x[i]! - x[i - 1]!) ** 2;
  // beyond ~11% of the mean interval, successive differences would trip the 20% ectopic-beat rule
  const scale = Math.min(targetRmssd, 0.11 * mean) / Math.sqrt(ss / (n - 1));
  const rr = x.map((v) => Math.round(Math.min(2000, Math.max(300, mean + v * scale))));
  if (rand() < 0.3 && n > 10) {
    const i = 1 + Math.floor(rand() * (n - 3));
    rr[i] = Math.round(rr[i]! * 0.65);
    rr[i + 1] = Math.round(rr[i + 1]! * 1.3);
  }
  return rr;
}

/** ISO-8601 with the person's own offset, as wearables send it. */
export function iso(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const ms = (ln: number) => round(Math.min(280, Math.max(3, Math.exp(ln))), 1);
