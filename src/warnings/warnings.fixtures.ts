// Canonical readings of made-up nights for the warnings' unit tests: a person at their normal, or
// under stress (HRV down, resting HR up, shorter sleep), with HRV in the sleep summary or, for a
// strap, only as a separate reading during the night.
import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import type { StoredReading } from '../ingest/ingest.pipeline';
import type { ProcessorDeps } from './warnings.processor';

const DAY_MS = 86_400_000;
export const D0 = Date.UTC(2026, 5, 1) / DAY_MS;

export interface NightSpec {
  lnRmssd: number;
  rhr: number;
  sleepH: number;
}

export const normal = (i: number): NightSpec => ({
  lnRmssd: 3.8 + 0.1 * Math.sin(i * 2.1),
  rhr: 55 + 1.5 * Math.sin(i * 1.3),
  sleepH: 7.2 + 0.5 * Math.sin(i * 0.7),
});

export const stressed = (i: number): NightSpec => {
  const n = normal(i);
  return { lnRmssd: n.lnRmssd - 0.35, rhr: n.rhr + 6, sleepH: n.sleepH - 1.5 };
};

/** Night i (wake date D0 + i, UTC), waking at 07:00 after 8 h in bed. */
export function sleepOf(subjectId: string, i: number, n: NightSpec, strap = false): SleepReading {
  const endAtMs = (D0 + i) * DAY_MS + 7 * 3_600_000;
  const asleep = Math.round(n.sleepH * 60);
  return {
    kind: 'sleep',
    readingId: `${subjectId}-s${i}`,
    subjectId,
    source: strap ? 'polar' : 'oura',
    startAt: new Date(endAtMs - 8 * 3_600_000).toISOString(),
    startAtMs: endAtMs - 8 * 3_600_000,
    endAt: new Date(endAtMs).toISOString(),
    endAtMs,
    utcOffsetMinutes: 0,
    isMainSleep: true,
    stagesMin: { awake: 480 - asleep, light: asleep - 150, deep: 70, rem: 80 },
    restingHrBpm: Math.round(n.rhr * 10) / 10,
    ...(strap ? {} : { avgRmssdMs: Math.exp(n.lnRmssd) }),
  };
}

/** The strap's HRV reading of night i, at 03:00. */
export function hrvOf(subjectId: string, i: number, n: NightSpec): HrvReading {
  const at = (D0 + i) * DAY_MS + 3 * 3_600_000;
  return {
    kind: 'hrv',
    readingId: `${subjectId}-h${i}`,
    subjectId,
    source: 'polar',
    measuredAt: new Date(at).toISOString(),
    measuredAtMs: at,
    utcOffsetMinutes: 0,
    context: 'sleep',
    rmssdMs: Math.exp(n.lnRmssd),
  };
}

export const stored = (pid: string, reading: SleepReading | HrvReading): StoredReading => ({
  pid,
  reading,
  fromRr: null,
});

/** Nights [from, to) of one person as ingest hands them over; stress from `stressFrom` on. */
export function nights(
  subjectId: string,
  pid: string,
  from: number,
  to: number,
  stressFrom = Infinity,
  strap = false,
) {
  const out: StoredReading[] = [];
  for (let i = from; i < to; i++) {
    const n = i >= stressFrom ? stressed(i) : normal(i);
    if (strap) out.push(stored(pid, hrvOf(subjectId, i, n)));
    out.push(stored(pid, sleepOf(subjectId, i, n, strap)));
  }
  return out;
}

/** Processor deps with nothing stored anywhere and every write accepted; `over` replaces what a test looks at. */
export const quietDeps = (over: Partial<ProcessorDeps> = {}): ProcessorDeps => ({
  allows: () => true,
  storedHrv: async () => [],
  storedSleeps: async () => [],
  hrvProgress: async () => ({ committed: new Map(), low: new Map(), firstAtOrAfter: new Map() }),
  catchUp: async () => {},
  writeChangelog: async () => {},
  emit: async () => {},
  storeNights: async () => {},
  ...over,
});
