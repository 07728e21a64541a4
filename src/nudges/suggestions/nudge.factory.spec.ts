import fc from 'fast-check';
import { seededRng } from '../../common/seeded-rng';
import { nudgeV1Schema, type SignalDeviation } from '../nudge.schema';
import { CATALOG_VERSION } from './catalog';
import { buildNudge, type NudgeInput } from './nudge.factory';
import { emptyNudgeState } from './nudge.state';
import { findForbidden } from './plain-language';

const input: NudgeInput = {
  nudgeId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  subjectId: 'nurse-ana',
  asOf: '2026-11-20',
  createdAt: '2026-11-20T06:40:00+01:00',
  level: 'warning',
  signals: [{ signal: 'hrv', value: 3.41, baseline: 3.8, band: [3.62, 3.98], days: 4 }],
};

const signalArb: fc.Arbitrary<SignalDeviation> = fc.record({
  signal: fc.constantFrom('hrv' as const, 'rhr' as const, 'sleep' as const),
  value: fc.double({ noNaN: true, noDefaultInfinity: true }),
  baseline: fc.double({ noNaN: true, noDefaultInfinity: true }),
  band: fc.tuple(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
  days: fc.nat({ max: 400 }),
});

describe('buildNudge', () => {
  it('builds a valid nudges.v1 record and remembers what it showed', () => {
    const { nudge, nextState } = buildNudge(input, emptyNudgeState(), seededRng(1));
    expect(nudgeV1Schema.parse(nudge)).toEqual(nudge);
    expect(nudge).toMatchObject({
      nudgeId: input.nudgeId,
      subjectId: 'nurse-ana',
      asOf: '2026-11-20',
      level: 'warning',
    });
    expect(nudge.catalogVersion).toBe(CATALOG_VERSION);
    expect(nudge.signals).toEqual(input.signals);
    expect(nudge.signals[0]).not.toBe(input.signals[0]);
    expect(nudge.suggestions).toHaveLength(3);
    expect(Object.keys(nudge.suggestions[0]!).sort()).toEqual([
      'category',
      'evidence',
      'id',
      'minutes',
      'text',
      'title',
    ]);
    expect(nextState.recent).toEqual([nudge.suggestions.map((s) => s.id)]);
    expect(JSON.parse(JSON.stringify(nudge))).toEqual(nudge);
  });

  it('accepts a Date for createdAt and is reproducible per seed', () => {
    const a = buildNudge(
      { ...input, createdAt: new Date('2026-11-20T05:40:00Z') },
      emptyNudgeState(),
      seededRng(9),
    );
    const b = buildNudge(
      { ...input, createdAt: new Date('2026-11-20T05:40:00Z') },
      emptyNudgeState(),
      seededRng(9),
    );
    expect(a.nudge.createdAt).toBe('2026-11-20T05:40:00.000Z');
    expect(a).toEqual(b);
  });

  it('every nudge it can build is valid and free of forbidden words', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('watch' as const, 'warning' as const),
        fc.array(signalArb, { minLength: 1, maxLength: 4 }),
        fc.integer(),
        (level, signals, seed) => {
          const { nudge } = buildNudge({ ...input, level, signals }, emptyNudgeState(), seededRng(seed));
          expect(nudgeV1Schema.safeParse(nudge).success).toBe(true);
          const copy = [nudge.message, ...nudge.suggestions.flatMap((s) => [s.title, s.text])].join('\n');
          expect(findForbidden(copy)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
