import { seededRng } from '../../common/seeded-rng';
import { sampleBeta } from './beta-sampler';
import {
  applyFeedback,
  emptyNudgeState,
  FEEDBACK_DECAY,
  parseNudgeState,
  recentlyShown,
  recordShown,
} from './nudge.state';

describe('Beta sampler', () => {
  it.each([
    [1, 1],
    [3, 7],
    [12, 2],
    [0.5, 0.5],
  ])('Beta(%d, %d) has the right mean and stays in [0, 1]', (a, b) => {
    const rng = seededRng(42);
    const xs = Array.from({ length: 20_000 }, () => sampleBeta(a, b, rng));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(a / (a + b), 2);
  });

  it('terminates with a degenerate rng', () => {
    expect(sampleBeta(3, 3, () => 0)).toBeGreaterThanOrEqual(0);
  });
});

describe('per-person nudge state', () => {
  it('feedback moves the arm of that suggestion only, with fading older evidence', () => {
    let s = emptyNudgeState();
    s = applyFeedback(s, 'reset-90s', true);
    s = applyFeedback(s, 'reset-90s', false);
    s = applyFeedback(s, 'wind-down-30', false);
    expect(s.arms['reset-90s']).toEqual([1 + FEEDBACK_DECAY, 2]);
    expect(s.arms['wind-down-30']).toEqual([1, 2]);
    for (let i = 0; i < 500; i++) s = applyFeedback(s, 'box-breathing', false);
    expect(s.arms['box-breathing']![1]).toBeLessThanOrEqual(1 + 1 / (1 - FEEDBACK_DECAY));
  });

  it('ignores unknown suggestion ids so the state stays bounded', () => {
    const s = emptyNudgeState();
    expect(applyFeedback(s, 'made-up', true)).toBe(s);
  });

  it('remembers only the last K nudges, and round-trips through JSON', () => {
    let s = emptyNudgeState();
    for (const ids of [['a'], ['b', 'c'], ['d'], ['e', 'f']]) s = recordShown(s, ids, 3);
    expect(s.recent).toEqual([['b', 'c'], ['d'], ['e', 'f']]);
    expect(recentlyShown(s, 2)).toEqual(new Set(['d', 'e', 'f']));
    expect(recordShown(s, ['g'], 0).recent).toEqual([]);
    s = applyFeedback(s, 'body-scan-3', true);
    expect(parseNudgeState(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(JSON.stringify(s).length).toBeLessThan(200);
  });

  it('a new person starts empty; malformed stored state is refused', () => {
    expect(parseNudgeState(undefined)).toEqual(emptyNudgeState());
    expect(() => parseNudgeState({ v: 1, recent: 'x', arms: {} })).toThrow();
    expect(() => parseNudgeState({ v: 1, recent: [], arms: { a: [0, 1] } })).toThrow();
  });
});

describe('seededRng', () => {
  it('is reproducible per seed, differs across seeds, and stays in [0, 1)', () => {
    const a = seededRng('0f8fad5b-d9cb-469f-a165-70867728950e');
    const b = seededRng('0f8fad5b-d9cb-469f-a165-70867728950e');
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(seededRng('other')()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
