import { type HrvProgress, isStored, type PendingNight, PendingNights } from './pending.nights';
import { normal, sleepOf } from './warnings.fixtures';

const progress = (
  committed: [number, number][],
  at: [number, [number, number][]][],
  low: [number, number][] = [],
): HrvProgress => ({
  committed: new Map(committed),
  low: new Map(low),
  firstAtOrAfter: new Map(at.map(([t, m]) => [t, new Map(m)])),
});

const night = (pid: string, i: number, ts?: number, sinceMs = 0): PendingNight => ({
  pid,
  sleep: sleepOf(pid, i, normal(i), true),
  barrier: ts === undefined ? undefined : { partition: 0, timestampMs: ts },
  sinceMs,
  complete: ts === undefined,
});

describe('isStored', () => {
  it('is complete once the group committed past the first HRV record stamped at or after the sleep', () => {
    const b = { partition: 1, timestampMs: 1000 };
    expect(isStored(b, progress([[1, 41]], [[1000, [[1, 42]]]]))).toBe(false);
    expect(isStored(b, progress([[1, 42]], [[1000, [[1, 42]]]]))).toBe(true);
    // another partition's progress says nothing about this one
    expect(isStored(b, progress([[0, 99]], [[1000, [[1, 42]]]]))).toBe(false);
  });

  it('nothing committed yet: complete only when no HRV record precedes the sleep in the log', () => {
    const b = { partition: 0, timestampMs: 5 };
    expect(isStored(b, progress([[0, -1]], [[5, [[0, 0]]]]))).toBe(true);
    expect(isStored(b, progress([], [[5, [[0, 3]]]]))).toBe(false);
    // retention removed the records before offset 7: none of them can still be waited for
    expect(isStored(b, progress([], [[5, [[0, 7]]]], [[0, 7]]))).toBe(true);
  });

  it('without an answer for the barrier it is not complete', () => {
    expect(isStored({ partition: 0, timestampMs: 9 }, progress([[0, 100]], []))).toBe(false);
  });
});

describe('PendingNights', () => {
  it('keeps a person’s nights in order: a complete night waits behind an earlier one still waiting', () => {
    const q = new PendingNights();
    q.add(night('a', 1, 100));
    q.add(night('a', 2, 200));
    q.add(night('b', 1, 100));
    // only the later barrier is answered as stored (a night whose HRV came first)
    q.mark(
      progress(
        [[0, 10]],
        [
          [200, [[0, 5]]],
          [100, [[0, 50]]],
        ],
      ),
    );
    expect(q.take(0, 1_000)).toEqual([]);
    q.mark(progress([[0, 60]], [[100, [[0, 50]]]]));
    const ready = q.take(0, 1_000);
    expect(ready.map((r) => [r.night.pid, r.night.sleep.readingId, r.capped])).toEqual([
      ['a', 'a-s1', false],
      ['a', 'a-s2', false],
      ['b', 'b-s1', false],
    ]);
    expect(q.size).toBe(0);
  });

  it('asks about each distinct barrier once, and only about nights still waiting', () => {
    const q = new PendingNights();
    q.add(night('a', 1, 100));
    q.add(night('b', 1, 100));
    q.add(night('c', 1, 300));
    q.add(night('d', 1));
    expect(q.barriers().map((b) => b.timestampMs)).toEqual([100, 300]);
    q.mark(progress([[0, 9]], [[100, [[0, 1]]]]));
    expect(q.barriers().map((b) => b.timestampMs)).toEqual([300]);
  });

  it('the cap: a night waiting graceMs goes without its HRV known stored, and takes the ones behind it', () => {
    const q = new PendingNights();
    q.add(night('a', 1, 100, 0));
    q.add(night('a', 2, undefined, 500));
    q.add(night('a', 3, 300, 900));
    expect(q.take(999, 1_000)).toEqual([]);
    const ready = q.take(1_000, 1_000);
    expect(ready.map((r) => [r.night.sleep.readingId, r.capped])).toEqual([
      ['a-s1', true],
      ['a-s2', false],
    ]);
    expect(q.size).toBe(1);
    expect(q.take(1_900, 1_000).map((r) => r.capped)).toEqual([true]);
  });

  it('takes at most `max` nights at once; the rest stay at the head of their queues, in order', () => {
    const q = new PendingNights();
    for (let i = 0; i < 3; i++) q.add(night('a', i));
    q.add(night('b', 0));
    expect(q.take(0, 1_000, 2).map((r) => r.night.sleep.readingId)).toEqual(['a-s0', 'a-s1']);
    expect(q.take(0, 1_000, 2).map((r) => r.night.sleep.readingId)).toEqual(['a-s2', 'b-s0']);
  });

  it('puts taken nights back in front, removes a failed batch’s nights, and drops a person', () => {
    const q = new PendingNights();
    const [n1, n2, n3] = [night('a', 1), night('a', 2), night('a', 3, 100)];
    q.add(n1);
    q.add(n2);
    const taken = q.take(0, 1_000).map((r) => r.night);
    q.add(n3);
    q.putBack(taken);
    q.remove([n3]);
    expect(q.size).toBe(2);
    expect(q.take(0, 1_000).map((r) => r.night)).toEqual([n1, n2]);
    q.add(n3);
    q.drop('a');
    expect(q.size).toBe(0);
    expect(q.pids()).toEqual([]);
  });
});
