import { iso, simulateCohort } from './cohort.simulator';

const opts = { people: 4, days: 3, seed: 7, endDateMs: Date.UTC(2026, 10, 20) };

describe('simulateCohort', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    expect(simulateCohort(opts)).toEqual(simulateCohort(opts));
    expect(simulateCohort({ ...opts, seed: 8 }).messages[0]!.value).not.toBe(simulateCohort(opts).messages[0]!.value);
  });

  it('makes one sleep and one HRV reading per person and night, keyed by subject', () => {
    const { messages } = simulateCohort(opts);
    expect(messages).toHaveLength(4 * 3 * 2);
    for (const m of messages) expect(JSON.parse(m.value).subjectId).toBe(m.key);
  });

  it('writes timestamps with the local offset, waking up on the named date', () => {
    expect(iso(Date.UTC(2026, 10, 20, 5, 30), 60)).toBe('2026-11-20T06:30:00+01:00');
    expect(iso(Date.UTC(2026, 10, 20, 5, 30), -300)).toBe('2026-11-20T00:30:00-05:00');
    const sleep = simulateCohort(opts).messages.filter((m) => m.topic === 'sleep').map((m) => JSON.parse(m.value));
    for (const s of sleep) expect(new Date(s.endAt).getTime()).toBeGreaterThan(new Date(s.startAt).getTime());
  });
});
