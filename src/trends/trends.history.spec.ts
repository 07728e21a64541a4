import fc from 'fast-check';
import {
  BLOCK_WEEKS,
  blockOf,
  blocksToWrite,
  decodeKept,
  encodeBlock,
  encodeWeek,
  keptWeeks,
  type WeekRecord,
} from './trends.history';
import { addDays, dateMs } from './trends.periods';

const value = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const nightArb = fc.record(
  { lnRmssd: value(2.5, 4.5), lnSdnn: value(3, 5), sleepH: value(3, 10), rhrBpm: value(40, 80) },
  { requiredKeys: [] },
);
/** A week of a block starting at `start`: which nights it covers, and values on some of those. */
const weekArb = (week: string) =>
  fc
    .tuple(fc.integer({ min: 0, max: 0x7f }), fc.array(fc.option(nightArb), { minLength: 7, maxLength: 7 }))
    .map(
      ([covered, nights]): WeekRecord => ({
        week,
        covered,
        nights: nights.flatMap((n, d) =>
          n && Object.keys(n).length > 0 && covered & (1 << d) ? [{ night: addDays(week, d), ...n }] : [],
        ),
      }),
    );

describe('trends.history: kept weeks stored in blocks', () => {
  it('counts blocks of BLOCK_WEEKS weeks from a Monday: every night has one, starting on a Monday', () => {
    expect(BLOCK_WEEKS).toBe(3);
    const seen = new Set<string>();
    for (let d = 0; d < 400; d++) {
      const night = addDays('2026-01-01', d);
      const start = blockOf(night);
      seen.add(start);
      expect(new Date(dateMs(start)).getUTCDay()).toBe(1);
      expect(start <= night && night < addDays(start, 7 * BLOCK_WEEKS)).toBe(true);
      expect(blockOf(start)).toBe(start);
    }
    // 400 nights are 20 blocks of 21 nights (or 21 when the first and last are cut)
    expect(seen.size).toBeGreaterThanOrEqual(20);
    expect(seen.size).toBeLessThanOrEqual(21);
  });

  it('reads back every week of a block exactly, values to the bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }).chain((k) => {
          const start = addDays(blockOf('2026-01-05'), 21 * k);
          return fc.tuple(weekArb(start), weekArb(addDays(start, 7)), weekArb(addDays(start, 14)));
        }),
        (weeks) => {
          const packed = encodeBlock(weeks);
          expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeKept(weeks[0].week, packed)).toEqual({ weeks, block: true });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('still reads a week stored alone, as before blocks', () => {
    const week: WeekRecord = {
      week: '2026-11-23',
      covered: 0b1000101,
      nights: [{ night: '2026-11-25', lnRmssd: Math.log(41.3), rhrBpm: 57 }],
    };
    expect(decodeKept('2026-11-23', encodeWeek(week))).toEqual({ weeks: [week], block: false });
  });

  it('refuses a record cut short, running on, or holding a value that is no number', () => {
    const start = blockOf('2026-11-23');
    const full = (week: string): WeekRecord => ({
      week,
      covered: 0x7f,
      nights: Array.from({ length: 7 }, (_, d) => ({ night: addDays(week, d), sleepH: 7 + d / 10 })),
    });
    const buf = Buffer.from(
      encodeBlock([full(start), full(addDays(start, 7)), full(addDays(start, 14))]),
      'base64url',
    );
    expect(() => decodeKept(start, buf.subarray(0, buf.length - 1).toString('base64url'))).toThrow(
      'cut short',
    );
    expect(() => decodeKept(start, Buffer.concat([buf, Buffer.from([0])]).toString('base64url'))).toThrow(
      'runs on',
    );
    const alone = Buffer.from(encodeWeek(full(start)), 'base64url');
    expect(() => decodeKept(start, Buffer.concat([alone, Buffer.from([0])]).toString('base64url'))).toThrow(
      'runs on',
    );
    // a value that is not a finite number (NaN's bytes where a double goes)
    const nan = Buffer.from(alone);
    nan.writeDoubleLE(Number.NaN, 8);
    expect(() => decodeKept(start, nan.toString('base64url'))).toThrow('not a number');
  });

  it('takes a week from a block over the same week stored alone, in either order', () => {
    const start = blockOf('2026-11-23');
    const second = addDays(start, 7);
    const stale: WeekRecord = { week: second, covered: 0b11, nights: [{ night: second, lnRmssd: 3 }] };
    const fresh: WeekRecord = { week: second, covered: 0x7f, nights: [{ night: second, lnRmssd: 3.5 }] };
    const first: WeekRecord = { week: start, covered: 0x7f, nights: [] };
    const third: WeekRecord = { week: addDays(start, 14), covered: 0, nights: [] };
    const block = { week: start, packed: encodeBlock([first, fresh, third]) };
    const alone = { week: second, packed: encodeWeek(stale) };
    for (const records of [
      [block, alone],
      [alone, block],
    ]) {
      const weeks = keptWeeks(records);
      expect(weeks.get(second)).toEqual(fresh);
      expect(weeks.get(start)).toEqual(first);
    }
    // and a week stored alone with no block of it stays
    expect(keptWeeks([alone]).get(second)).toEqual(stale);
  });

  it('writes every block holding a changed week, whole: its other week as kept, or covering nothing', () => {
    const start = blockOf('2026-11-23');
    const next = addDays(start, 21);
    const kept = new Map<string, WeekRecord>([
      [start, { week: start, covered: 0x7f, nights: [{ night: start, rhrBpm: 55 }] }],
    ]);
    const changed: WeekRecord[] = [
      { week: addDays(start, 7), covered: 0b1, nights: [{ night: addDays(start, 7), rhrBpm: 60 }] },
      { week: next, covered: 0b10, nights: [] },
    ];
    const out = blocksToWrite(kept, changed);
    expect(out.map((b) => b.start)).toEqual([start, next]);
    const none = (week: string) => ({ week, covered: 0, nights: [] });
    expect(decodeKept(start, out[0]!.packed).weeks).toEqual([
      kept.get(start),
      changed[0],
      none(addDays(start, 14)),
    ]);
    expect(decodeKept(next, out[1]!.packed).weeks).toEqual([
      changed[1],
      none(addDays(next, 7)),
      none(addDays(next, 14)),
    ]);
  });
});
