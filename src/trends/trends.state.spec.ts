import { pruneMemory } from './suppression';
import { parseTrendPrivacy } from './trends.config';
import { type ReleaseDeps, releaseTrends } from './trends.release';
import { type StateEntry, TrendStateFold } from './trends.state';
import type { Contribution } from './trends.types';

const SALT = 'state-spec-salt-0123456789';
const deps: ReleaseDeps = {
  config: parseTrendPrivacy({ epsilon: 0 }),
  salt: SALT,
  rng: () => 0.5,
  now: new Date('2026-11-30T18:00:00Z'),
};
const people = (n: number, from = 0): Contribution[] =>
  Array.from({ length: n }, (_, i) => ({
    pid: `m.p${from + i}`,
    cohorts: ['unit:a'],
    sleepHours: 6 + i / 10,
  }));
const day = (d: string) => ({ start: d, end: d });

/** A topic as compaction leaves it: the latest value per key. */
function compact(entries: StateEntry[]): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const e of entries) m.set(e.key, e.value);
  return m;
}

describe('trend state on a compacted topic', () => {
  it('round-trips through the topic, so a restart still suppresses a differencing pair', () => {
    const live = new TrendStateFold();
    const topic: StateEntry[] = [];
    const s0 = live.state(SALT);
    const r1 = releaseTrends({ period: day('2026-11-28'), contributions: people(25) }, s0, deps);
    const d1 = live.diff(s0, r1);
    topic.push(...d1);
    for (const e of d1) live.apply(e.key, e.value);
    expect(d1.filter((e) => e.key.startsWith('cell:'))).toHaveLength(1);
    expect(JSON.stringify(topic)).not.toContain('m.p0');

    const restored = new TrendStateFold();
    for (const [k, v] of compact(topic)) restored.apply(k, v);
    expect(restored.cellCount).toBe(1);
    const r2 = releaseTrends(
      { period: day('2026-11-29'), contributions: people(24) },
      restored.state(SALT),
      deps,
    );
    const sleep = r2.suppressions.find((s) => s.metric === 'sleepHoursMedian');
    expect(sleep?.reason).toBe('differencing');
  });

  it('writes only what changed, and tombstones pruned cells', () => {
    const fold = new TrendStateFold();
    const s0 = fold.state(SALT);
    const r1 = releaseTrends({ period: day('2026-08-01'), contributions: people(12) }, s0, deps);
    for (const e of fold.diff(s0, r1)) fold.apply(e.key, e.value);
    const s1 = fold.state(SALT);
    expect(fold.diff(s1, s1)).toEqual([]);
    const pruned = { ...s1, memory: pruneMemory(s1.memory, '2026-09-01') };
    const d = fold.diff(s1, pruned);
    expect(d).toEqual([{ key: expect.stringMatching(/^cell:/), value: null }]);
    for (const e of d) fold.apply(e.key, e.value);
    expect(fold.cellCount).toBe(0);
  });

  it('refuses a memory built under another salt, and can be reset', () => {
    const fold = new TrendStateFold();
    const s0 = fold.state(SALT);
    const r = releaseTrends({ period: day('2026-11-28'), contributions: people(12) }, s0, deps);
    for (const e of fold.diff(s0, r)) fold.apply(e.key, e.value);
    expect(() => fold.state('another-salt-0123456789')).toThrow(
      expect.objectContaining({ code: 'trends-salt-mismatch' }),
    );
    for (const e of fold.resetEntries()) fold.apply(e.key, e.value);
    expect(fold.state('another-salt-0123456789').memory.cells).toEqual([]);
  });

  it('keeps the epsilon ledger, and ignores unreadable records', () => {
    const fold = new TrendStateFold();
    expect(fold.apply('eps:unit:a|2026-11-30', '{"spent":1}')).toBe(true);
    expect(fold.state(SALT).ledger).toEqual({ 'unit:a|2026-11-30': 1 });
    expect(fold.apply('cell:x', '{"not":"a cell"}')).toBe(false);
    expect(fold.apply('other', '{}')).toBe(false);
    expect(fold.cellCount).toBe(0);
  });
});
