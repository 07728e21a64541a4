import fc from 'fast-check';
import type { SignalDeviation } from '../nudge.schema';
import { composeMessage, NOT_MEDICAL, PUSH_PREVIEW } from './message';
import { findForbidden } from './plain-language';

const signalArb: fc.Arbitrary<SignalDeviation> = fc.record({
  signal: fc.constantFrom('hrv' as const, 'rhr' as const, 'sleep' as const),
  value: fc.double({ noNaN: false }),
  baseline: fc.double(),
  band: fc.tuple(fc.double(), fc.double()),
  days: fc.nat({ max: 10_000 }),
});
const levelArb = fc.constantFrom('watch' as const, 'warning' as const);
const personalArb = fc.option(fc.record({ raised: fc.boolean(), checkInsAgree: fc.boolean() }), {
  nil: undefined,
});

const sig = (signal: SignalDeviation['signal'], days: number): SignalDeviation => ({
  signal,
  value: 3.41,
  baseline: 3.8,
  band: [3.62, 3.98],
  days,
});

describe('composeMessage', () => {
  it('never labels, diagnoses or alarms, stays short, and always says it is no medical assessment', () => {
    fc.assert(
      fc.property(
        levelArb,
        fc.array(signalArb, { maxLength: 6 }),
        personalArb,
        (level, signals, personal) => {
          const m = composeMessage(level, signals, personal);
          expect(findForbidden(m)).toEqual([]);
          expect(m.length).toBeLessThanOrEqual(400);
          expect(m).toContain(NOT_MEDICAL);
          expect(m).toMatch(/pause or stop/);
          expect(m).not.toMatch(/NaN|undefined|Infinity|\d\.\d/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names the signals and the nights, without numbers or direction', () => {
    expect(composeMessage('watch', [sig('hrv', 4)])).toBe(
      'A gentle heads-up: your heart-rate variability has been outside your usual range for 4 nights. ' +
        'Many things can shift them, from busy shifts to travel. Here are a few small things that may help. ' +
        NOT_MEDICAL,
    );
    expect(composeMessage('warning', [sig('rhr', 3), sig('sleep', 3)])).toContain(
      'Your sleep and resting heart rate have stayed outside your usual range for 3 nights.',
    );
    expect(composeMessage('watch', [sig('sleep', 1)])).toContain('for 1 night.');
  });

  it('says back what the person told Respite (#20), only when it changed something', () => {
    const hrv = [sig('hrv', 4)];
    expect(composeMessage('warning', hrv, { raised: false, checkInsAgree: false })).toBe(
      composeMessage('warning', hrv),
    );
    expect(composeMessage('warning', hrv, { raised: true, checkInsAgree: false })).toContain(
      "You said an earlier note didn't help, so Respite waited for a clearer change.",
    );
    expect(composeMessage('watch', hrv, { raised: false, checkInsAgree: true })).toContain(
      'Your own check-ins lately point the same way.',
    );
    // the longest case still fits nudges.v1's 400 characters, with the person's words kept
    const long = [sig('sleep', 12), sig('hrv', 130), sig('rhr', 255)];
    const both = composeMessage('warning', long, { raised: true, checkInsAgree: true });
    expect(both).toContain('as you asked, and your check-ins point the same way.');
    expect(both.length).toBeLessThanOrEqual(400);
  });

  it('gives each signal its own span when they differ, instead of implying the longest for all', () => {
    expect(composeMessage('warning', [sig('hrv', 5), sig('sleep', 2), sig('rhr', 1)])).toContain(
      'Your sleep (2 nights), heart-rate variability (5 nights) and resting heart rate (1 night) have stayed',
    );
  });

  it('warning mentions people to talk to; no signals still reads naturally', () => {
    expect(composeMessage('warning', [sig('hrv', 6)])).toContain('people to talk to');
    expect(composeMessage('watch', [])).toContain(
      'A gentle heads-up: your signals have been outside your usual range lately.',
    );
  });

  it('the push preview is the same for every nudge and says nothing about signals or level', () => {
    expect(findForbidden(`${PUSH_PREVIEW.title} ${PUSH_PREVIEW.body}`)).toEqual([]);
    expect(PUSH_PREVIEW.body).not.toMatch(/sleep|heart|warning|watch|range/i);
  });
});
