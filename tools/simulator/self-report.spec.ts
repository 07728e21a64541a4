import { planPerson } from './person.plan';
import { episodeLevel } from './physiology';
import { SelfReporter } from './self-report';

const o = { people: 60, days: 180, seed: 9, endDateMs: Date.UTC(2026, 10, 20), gaps: true };
const reporters = Array.from({ length: o.people }, (_, i) => {
  const plan = planPerson(o, i);
  return { plan, r: new SelfReporter(plan, o.seed, i, o) };
});
const usual = (i: number) => () => reporters[i]!.plan.traits.sleepH;

describe('SelfReporter', () => {
  it('answers about the cohort response rate, on 1–5 scales, in the evening of the day', () => {
    for (const rate of [0, 0.3, 0.7]) {
      let answered = 0;
      for (const [i, { r }] of reporters.entries()) {
        const xs = r.checkIns({ responseRate: rate }, usual(i));
        answered += xs.length;
        for (const x of xs) {
          expect([x.stress, x.sleepQuality].every((v) => Number.isInteger(v) && v >= 1 && v <= 5)).toBe(true);
          expect(new Date(x.atMs).getUTCHours()).toBeGreaterThanOrEqual(17);
        }
      }
      expect(answered / (o.people * o.days)).toBeCloseTo(rate, 1);
    }
  });

  it('the evenings answered at 30% are among those answered at 70%, with the same answers', () => {
    for (const [i, { r }] of reporters.entries()) {
      const low = r.checkIns({ responseRate: 0.3 }, usual(i));
      const high = new Map(r.checkIns({ responseRate: 0.7 }, usual(i)).map((x) => [x.atMs, x]));
      for (const x of low) expect(high.get(x.atMs)).toEqual(x);
    }
  });

  it('reports more stress during episodes than outside them', () => {
    const inside: number[] = [];
    const outside: number[] = [];
    const day0 = Math.round(o.endDateMs / 86_400_000) - (o.days - 1);
    for (const [i, { plan, r }] of reporters.entries())
      for (const x of r.checkIns({ responseRate: 1 }, usual(i))) {
        const d = Math.floor(x.atMs / 86_400_000) - day0;
        const level = Math.max(0, ...plan.episodes.map((e) => episodeLevel(e, d)));
        (level >= 1 ? inside : outside).push(x.stress);
      }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(inside.length).toBeGreaterThan(100);
    expect(mean(inside) - mean(outside)).toBeGreaterThan(0.5);
  });

  it('dismisses false nudges after a passing cause far more often than true ones', () => {
    let falseWithCause = 0;
    let falseDismissed = 0;
    let trueNudges = 0;
    let trueDismissed = 0;
    for (const { plan, r } of reporters)
      for (let d = 40; d < o.days; d++) {
        const during = plan.episodes.some((e) => episodeLevel(e, d) > 0);
        const cause = r.causeNear(d);
        const f = r.feedback(d, cause);
        if (during) {
          trueNudges++;
          if (f) trueDismissed++;
        } else if (cause) {
          falseWithCause++;
          if (f) {
            falseDismissed++;
            expect(f.reason).toBe(cause);
          }
        }
      }
    expect(falseDismissed / falseWithCause).toBeGreaterThan(0.5);
    expect(trueDismissed / trueNudges).toBeLessThan(0.15);
  });
});
