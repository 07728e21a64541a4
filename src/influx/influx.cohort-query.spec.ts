import fc from 'fast-check';
import { laneCondition, lanes } from './influx.cohort-query';

/** The lane's Flux regex, read as a JavaScript one (the character class reads the same in RE2). */
const regexOf = (condition: string) => new RegExp(/=~ \/(.*)\/$/.exec(condition)![1]!);

const MAC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split('');
const pidArb = fc
  .tuple(
    fc.constantFrom('k1', 'v2', 'key9'),
    fc.array(fc.constantFrom(...MAC), { minLength: 22, maxLength: 22 }),
  )
  .map(([key, mac]) => `${key}.${mac.join('')}`);

describe('read lanes (TRENDS_READ_LANES)', () => {
  it('puts every pid in exactly one lane, for any number of lanes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.array(pidArb, { minLength: 1, maxLength: 50 }),
        (n, pids) => {
          const res = lanes(n).map((lane) => regexOf(laneCondition(lane)));
          for (const pid of pids) expect(res.filter((re) => re.test(pid))).toHaveLength(1);
        },
      ),
    );
  });

  it('uses every lane when the pids are many (each lane gets a share of the alphabet)', () => {
    for (const n of [2, 3, 5, 16]) {
      for (const lane of lanes(n)) {
        const re = regexOf(laneCondition(lane));
        expect(MAC.some((c) => re.test(`k1.${c}${'A'.repeat(21)}`))).toBe(true);
      }
    }
  });

  it('reads all pids in one query when there is one lane, and one lane for nonsense', () => {
    expect(laneCondition(lanes(1)[0])).toBe('');
    expect(laneCondition(undefined)).toBe('');
    expect(lanes(0)).toEqual([{ index: 0, of: 1 }]);
    expect(lanes(Number.NaN)).toEqual([{ index: 0, of: 1 }]);
    expect(() => laneCondition({ index: 2, of: 2 })).toThrow('not a lane');
  });
});
