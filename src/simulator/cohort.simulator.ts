import { gaussian, prng, seededUuid } from './prng';

export interface SimOptions {
  people: number;
  days: number;
  seed: number;
  /** The last simulated wake-up date (UTC midnight ms); nights run up to it. */
  endDateMs: number;
}

export interface SimMessage {
  topic: 'hrv' | 'sleep';
  key: string;
  value: string;
}

export interface SimPerson {
  subjectId: string;
  utcOffsetMinutes: number;
  lnRmssd: number;
  rhr: number;
  sleepH: number;
}

const DAY = 86_400_000;

/**
 * A seeded cohort of nightly wearable data in the contract format: per person a main sleep session
 * (with resting HR and average RMSSD) and a 5-minute HRV reading during sleep, around a personal
 * normal with night-to-night noise. Stress episodes and confounders are for the baseline issue.
 */
export function simulateCohort(o: SimOptions): { people: SimPerson[]; messages: SimMessage[] } {
  const rand = prng(o.seed);
  const people: SimPerson[] = Array.from({ length: o.people }, (_, i) => ({
    subjectId: `sim-${o.seed}-${String(i).padStart(5, '0')}`,
    utcOffsetMinutes: [0, 60, 120, -300][i % 4]!,
    lnRmssd: Math.log(25 + rand() * 50),
    rhr: 50 + rand() * 15,
    sleepH: 6.3 + rand() * 1.6,
  }));
  const messages: SimMessage[] = [];
  for (let d = o.days - 1; d >= 0; d--) {
    const wakeDate = o.endDateMs - d * DAY;
    for (const p of people) {
      const off = p.utcOffsetMinutes * 60_000;
      const sleepMin = Math.max(180, (p.sleepH + 0.6 * gaussian(rand)) * 60);
      const endLocal = wakeDate + (6.5 + 0.5 * gaussian(rand)) * 3_600_000;
      const endAt = endLocal - off;
      const startAt = endAt - (sleepMin / 0.9) * 60_000;
      const rmssd = Math.exp(p.lnRmssd + 0.12 * gaussian(rand));
      const rhr = p.rhr + 1.5 * gaussian(rand);
      const awake = Math.round(sleepMin / 9);
      messages.push({
        topic: 'sleep',
        key: p.subjectId,
        value: JSON.stringify({
          schema: 'sleep.v1',
          readingId: seededUuid(rand),
          subjectId: p.subjectId,
          source: 'oura',
          startAt: iso(startAt, p.utcOffsetMinutes),
          endAt: iso(endAt, p.utcOffsetMinutes),
          isMainSleep: true,
          stagesMin: {
            awake,
            light: Math.round(sleepMin * 0.55),
            deep: Math.round(sleepMin * 0.2),
            rem: Math.round(sleepMin * 0.25),
          },
          efficiency: round(sleepMin / (sleepMin + awake), 3),
          restingHrBpm: round(rhr, 1),
          avgRmssdMs: round(rmssd, 1),
        }),
      });
      messages.push({
        topic: 'hrv',
        key: p.subjectId,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: seededUuid(rand),
          subjectId: p.subjectId,
          source: 'oura',
          measuredAt: iso(startAt + 3 * 3_600_000, p.utcOffsetMinutes),
          windowSeconds: 300,
          context: 'sleep',
          rmssdMs: round(rmssd * Math.exp(0.05 * gaussian(rand)), 1),
          restingHrBpm: Math.round(rhr),
        }),
      });
    }
  }
  return { people, messages };
}

/** ISO-8601 with the person's own offset, as wearables send it. */
export function iso(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
