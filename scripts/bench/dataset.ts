// The benchmark's readings: mixed HRV (summary values), HRV with raw RR intervals, and sleep, for
// M people, each reading with its own identity. Generated once per run, in memory, seeded.
import { randomUUID } from 'node:crypto';
import { prng } from '../../tools/simulator/prng';

export interface BenchMessage {
  topic: 'hrv' | 'sleep';
  key: string;
  value: string;
}

export function benchSubjects(m: number, runId: string): string[] {
  return Array.from({ length: m }, (_, i) => `bench-${runId}-${i}`);
}

export function benchReadings(n: number, subjects: string[], seed = 1): BenchMessage[] {
  const rand = prng(seed);
  const out: BenchMessage[] = new Array(n);
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const subjectId = subjects[i % subjects.length]!;
    const slot = Math.floor(i / subjects.length); // per person, one reading per 5-minute slot
    const at = new Date(base + slot * 300_000).toISOString().replace('Z', '+00:00');
    const kind = i % 10;
    if (kind < 2) {
      const end = base + slot * 300_000;
      out[i] = {
        topic: 'sleep',
        key: subjectId,
        value: JSON.stringify({
          schema: 'sleep.v1',
          readingId: randomUUID(),
          subjectId,
          source: 'garmin',
          startAt: new Date(end - 7 * 3_600_000).toISOString(),
          endAt: new Date(end).toISOString(),
          isMainSleep: false,
          stagesMin: { awake: 30, light: 220, deep: 70, rem: 100 },
          efficiency: 0.93,
          restingHrBpm: 52 + Math.round(rand() * 10),
          avgRmssdMs: 30 + Math.round(rand() * 300) / 10,
        }),
      };
    } else if (kind < 4) {
      const rr = Array.from({ length: 120 }, () => 850 + Math.round(rand() * 120));
      out[i] = {
        topic: 'hrv',
        key: subjectId,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: randomUUID(),
          subjectId,
          source: 'polar',
          measuredAt: at,
          windowSeconds: 120,
          context: 'rest',
          rrIntervalsMs: rr,
        }),
      };
    } else {
      out[i] = {
        topic: 'hrv',
        key: subjectId,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: randomUUID(),
          subjectId,
          source: 'oura',
          measuredAt: at,
          windowSeconds: 300,
          context: 'sleep',
          rmssdMs: 20 + Math.round(rand() * 600) / 10,
          restingHrBpm: 50 + Math.round(rand() * 20),
        }),
      };
    }
  }
  return out;
}
