import { decodeReading } from '../../src/ingest/decode/decode-reading';
import { dayNumber } from '../../src/night/night';
import { iso, simulateCohort, streamCohort } from './cohort.simulator';

const plain = { people: 4, days: 3, seed: 7, endDateMs: Date.UTC(2026, 10, 20) };
const full = { people: 30, days: 120, seed: 11, endDateMs: Date.UTC(2026, 10, 20), gaps: true };

describe('simulateCohort', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    expect(simulateCohort(plain)).toEqual(simulateCohort(plain));
    expect(simulateCohort({ ...plain, seed: 8 }).messages[0]!.value).not.toBe(
      simulateCohort(plain).messages[0]!.value,
    );
  });

  it('person i does not depend on the cohort size', () => {
    const small = simulateCohort({ ...full, people: 3, days: 40 });
    const large = simulateCohort({ ...full, people: 6, days: 40 });
    const of = (r: typeof small, key: string) => r.messages.filter((m) => m.key === key);
    const key = small.people[2]!.subjectId;
    expect(of(large, key)).toEqual(of(small, key));
    expect(large.truth[2]).toEqual(small.truth[2]);
  });

  it('without gaps, makes one sleep and one HRV reading per person and night, keyed by subject', () => {
    const { messages } = simulateCohort(plain);
    expect(messages).toHaveLength(4 * 3 * 2);
    for (const m of messages) expect(JSON.parse(m.value).subjectId).toBe(m.key);
  });

  it('writes timestamps with the offset in force, waking up on the named date', () => {
    expect(iso(Date.UTC(2026, 10, 20, 5, 30), 60)).toBe('2026-11-20T06:30:00+01:00');
    expect(iso(Date.UTC(2026, 10, 20, 5, 30), -300)).toBe('2026-11-20T00:30:00-05:00');
    const sleep = simulateCohort(plain)
      .messages.filter((m) => m.topic === 'sleep')
      .map((m) => JSON.parse(m.value));
    for (const s of sleep) expect(new Date(s.endAt).getTime()).toBeGreaterThan(new Date(s.startAt).getTime());
  });

  it('every message of a cohort with all confounders passes the real decoder', () => {
    const r = simulateCohort(full);
    const kinds = new Set(r.messages.map((m) => Object.keys(JSON.parse(m.value)).join()));
    expect([...kinds].some((k) => k.includes('rrIntervalsMs'))).toBe(true);
    expect([...kinds].some((k) => k.includes('sdnnMs'))).toBe(true);
    for (const m of r.messages) {
      const d = decodeReading(m.topic, m.key, Buffer.from(m.value), {
        nowMs: full.endDateMs + 2 * 86_400_000,
      });
      if (!d.ok) throw new Error(`${d.error.code} ${d.error.path}: ${m.value.slice(0, 200)}`);
    }
  });

  it('crosses DST: a night in Berlin after the last Sunday of October is at +01:00', () => {
    const r = simulateCohort({ ...full, days: 60 });
    const berlin = r.people.find((p) => p.zone === 'Europe/Berlin')!;
    const ends = r.messages
      .filter((m) => m.key === berlin.subjectId && m.topic === 'sleep')
      .map((m) => JSON.parse(m.value).endAt as string);
    expect(ends.find((e) => e.startsWith('2026-10-20'))?.endsWith('+02:00')).toBe(true);
    expect(ends.find((e) => e.startsWith('2026-10-30'))?.endsWith('+01:00')).toBe(true);
  });

  it('returns ground truth beside the messages: episodes after the warm-up, confounders of each kind', () => {
    const s = streamCohort({ ...full, people: 80, days: 180 });
    const episodes = s.truth.flatMap((t) => t.episodes);
    expect(episodes.length).toBeGreaterThan(20);
    const first = dayNumber('2026-11-20') - 179;
    for (const e of episodes) {
      expect(dayNumber(e.onset)).toBeGreaterThanOrEqual(first + 35);
      expect(dayNumber(e.end)).toBeGreaterThan(dayNumber(e.onset));
    }
    const kinds = new Set(s.truth.flatMap((t) => t.confounders.map((c) => c.kind)));
    expect([...kinds].sort()).toEqual([
      'alcohol',
      'device-switch',
      'gap',
      'illness',
      'night-shift',
      'travel',
    ]);
  });

  it('streams in event time per person: HRV during the night before the sleep that completes it', () => {
    const last = new Map<string, number>();
    for (const m of streamCohort({ ...full, days: 20 }).messages()) {
      const v = JSON.parse(m.value);
      const at = Date.parse(m.topic === 'sleep' ? v.endAt : v.measuredAt);
      expect(at).toBeGreaterThan(last.get(m.key) ?? 0);
      last.set(m.key, at);
    }
  });
});
