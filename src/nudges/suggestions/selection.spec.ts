import fc from 'fast-check';
import { seededRng } from '../../common/seeded-rng';
import type { Level, Signal, SignalDeviation } from '../nudge.schema';
import { CATALOG, type CatalogEntry, fits } from './catalog';
import { applyFeedback, emptyNudgeState, type NudgeState, recordShown } from './nudge.state';
import { selectSuggestions } from './selection';

const sig = (signal: Signal, days = 3): SignalDeviation => ({
  signal,
  value: 1,
  baseline: 2,
  band: [1.5, 2.5],
  days,
});
const select = (level: Level, signals: SignalDeviation[], state = emptyNudgeState(), seed = 1) =>
  selectSuggestions({ level, signals, state, rng: seededRng(seed) });

describe('selectSuggestions', () => {
  it('sleep-driven → sleep protection first', () => {
    for (let seed = 0; seed < 50; seed++) {
      const picked = select('watch', [sig('sleep', 4), sig('hrv', 2)], undefined, seed);
      expect(picked.map((e) => e.category)).toEqual(['sleep', 'micro-recovery']);
    }
  });

  it('HRV / resting-HR driven → micro-recovery first, sleep after if sleep drifts too', () => {
    for (let seed = 0; seed < 50; seed++) {
      expect(select('watch', [sig('hrv', 5)], undefined, seed)[0]!.category).toBe('micro-recovery');
      expect(
        select('watch', [sig('rhr', 5), sig('sleep', 2)], undefined, seed).map((e) => e.category),
      ).toEqual(['micro-recovery', 'sleep']);
    }
  });

  it('watch gives 2, warning 3 including one peer or professional support option', () => {
    fc.assert(
      fc.property(
        fc.subarray(['hrv', 'rhr', 'sleep'] as const, { minLength: 1 }),
        fc.constantFrom<Level>('watch', 'warning'),
        fc.integer(),
        (signals, level, seed) => {
          const picked = select(
            level,
            signals.map((s) => sig(s)),
            undefined,
            seed,
          );
          expect(picked).toHaveLength(level === 'warning' ? 3 : 2);
          expect(new Set(picked.map((e) => e.id)).size).toBe(picked.length);
          expect(picked.every((e) => fits(e, new Set(signals), level))).toBe(true);
          const support = picked.filter(
            (e) => e.category === 'peer-support' || e.category === 'professional-support',
          );
          if (level === 'warning') expect(support.length).toBeGreaterThanOrEqual(1);
          else expect(picked.some((e) => e.category === 'professional-support')).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is reproducible for the same seed and state', () => {
    const a = select('warning', [sig('hrv'), sig('sleep')], undefined, 7).map((e) => e.id);
    expect(select('warning', [sig('hrv'), sig('sleep')], undefined, 7).map((e) => e.id)).toEqual(a);
  });

  it('never repeats a suggestion from the last 3 nudges while the catalog has others', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.subarray(['hrv', 'rhr', 'sleep'] as const, { minLength: 1 }),
            fc.constantFrom<Level>('watch', 'warning'),
          ),
          {
            minLength: 2,
            maxLength: 12,
          },
        ),
        fc.integer(),
        (nudges, seed) => {
          const rng = seededRng(seed);
          let state: NudgeState = emptyNudgeState();
          for (const [signals, level] of nudges) {
            const picked = selectSuggestions({ level, signals: signals.map((s) => sig(s)), state, rng });
            const recent = new Set(state.recent.flat());
            expect(picked.filter((e) => recent.has(e.id))).toEqual([]);
            state = recordShown(
              state,
              picked.map((e) => e.id),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('repeats only when the fitting catalog runs out', () => {
    const tiny: CatalogEntry[] = CATALOG.filter((e) =>
      ['reset-90s', 'body-scan-3', 'call-a-colleague'].includes(e.id),
    );
    let state = emptyNudgeState();
    const rng = seededRng(3);
    const first = selectSuggestions({ level: 'watch', signals: [sig('hrv')], state, rng, catalog: tiny });
    state = recordShown(
      state,
      first.map((e) => e.id),
    );
    const second = selectSuggestions({ level: 'watch', signals: [sig('hrv')], state, rng, catalog: tiny });
    expect(second).toHaveLength(2);
    const fresh = tiny.find((e) => !first.includes(e))!;
    expect(second).toContain(fresh);
  });

  it('learns: a suggestion marked not helpful is chosen far less than one marked helpful', () => {
    let state = emptyNudgeState();
    for (let i = 0; i < 6; i++) {
      state = applyFeedback(state, 'paced-breathing-5', false);
      state = applyFeedback(state, 'box-breathing', true);
    }
    const count = { liked: 0, disliked: 0 };
    const untouched = { liked: 0, disliked: 0 };
    for (let seed = 0; seed < 1000; seed++) {
      const ids = select('watch', [sig('hrv')], state, seed).map((e) => e.id);
      if (ids.includes('box-breathing')) count.liked++;
      if (ids.includes('paced-breathing-5')) count.disliked++;
      const base = select('watch', [sig('hrv')], emptyNudgeState(), seed).map((e) => e.id);
      if (base.includes('box-breathing')) untouched.liked++;
      if (base.includes('paced-breathing-5')) untouched.disliked++;
    }
    expect(count.liked).toBeGreaterThan(450);
    expect(count.disliked).toBeLessThan(30);
    expect(count.disliked).toBeLessThan(untouched.disliked / 3);
    expect(count.liked).toBeGreaterThan(untouched.liked * 3);
  });
});
