import fc from 'fast-check';
import {
  assertSalt,
  checkCell,
  createMemory,
  hashMembers,
  type PublishedCell,
  pruneMemory,
  symmetricDifferenceSize,
} from './suppression';

const SALT = 'test-salt-0123456789';
const week = { start: '2026-11-16', end: '2026-11-22' };
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `k1.pid${i + from}`);
const cell = (pids: string[], period = week, value = 0.2): PublishedCell => ({
  cohortId: 'unit:a',
  period,
  metric: 'shareOutsideNormal',
  members: hashMembers(pids, SALT),
  value,
});

describe('suppression memory', () => {
  it('counts the symmetric difference like the set definition', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(40)), fc.uniqueArray(fc.nat(40)), (a, b) => {
        const naive = a.filter((x) => !b.includes(x)).length + b.filter((x) => !a.includes(x)).length;
        const [sa, sb] = [new Set(a.map(String)), new Set(b.map(String))];
        expect(symmetricDifferenceSize(sa, sb)).toBe(naive);
        for (const stopAt of [1, 5, 10]) {
          const early = symmetricDifferenceSize(sa, sb, stopAt);
          expect(naive < stopAt ? early === naive : early >= stopAt).toBe(true);
        }
      }),
    );
  });

  it('stores salted hashes only: no pid, distinct per salt, deduplicated and sorted', () => {
    const h = hashMembers(['k1.x', 'k1.y', 'k1.x'], SALT);
    expect(h).toHaveLength(2);
    expect([...h].sort()).toEqual(h);
    expect(h.join()).not.toContain('k1.');
    expect(hashMembers(['k1.x'], `${SALT}!`)).not.toEqual(hashMembers(['k1.x'], SALT));
  });

  it('refuses a weak salt and a memory built under another salt', () => {
    expect(() => createMemory('short')).toThrow(expect.objectContaining({ code: 'trends-salt-weak' }));
    expect(() => assertSalt(createMemory(SALT), `${SALT}x`)).toThrow(
      expect.objectContaining({ code: 'trends-salt-mismatch' }),
    );
  });

  it('flags 1..k−1 differences as conflicts, reuses identical cells, lets distant ones pass', () => {
    const cells = [cell(ids(12))];
    const check = (pids: string[], period = week) =>
      checkCell(cells, 'shareOutsideNormal', period, hashMembers(pids, SALT), 10).kind;
    expect(check(ids(13))).toBe('conflict');
    expect(check(ids(11))).toBe('conflict');
    expect(check(ids(12, 1))).toBe('conflict');
    expect(check(ids(12))).toBe('reuse');
    expect(check(ids(12), { start: '2026-11-23', end: '2026-11-29' })).toBe('new');
    expect(check(ids(22))).toBe('new');
    expect(checkCell(cells, 'sleepHoursMedian', week, hashMembers(ids(13), SALT), 10).kind).toBe('new');
  });

  it('prunes cells of periods that ended before a date', () => {
    const memory = {
      ...createMemory(SALT),
      cells: [cell(ids(12)), cell(ids(12), { start: '2026-12-01', end: '2026-12-07' })],
    };
    expect(pruneMemory(memory, '2026-12-01').cells.map((c) => c.period.start)).toEqual(['2026-12-01']);
  });
});
