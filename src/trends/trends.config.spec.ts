import fc from 'fast-check';
import { parseTrendPrivacy, trendPrivacySchema } from './trends.config';
import { TrendsError } from './trends.types';

describe('trend privacy config', () => {
  it('defaults to k = 10, no noise, medians to 0.1 and shares to 0.05', () => {
    expect(parseTrendPrivacy({})).toEqual({
      k: 10,
      epsilon: 0,
      dailyEpsilonBudget: 3,
      rounding: { median: 0.1, share: 0.05 },
    });
  });

  it('refuses every k below 5, naming the field', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 4 }), (k) => {
        expect(trendPrivacySchema.safeParse({ k }).success).toBe(false);
        expect(() => parseTrendPrivacy({ k: String(k) })).toThrow(
          expect.objectContaining({ code: 'trends-config-invalid', path: 'trends.k' }),
        );
      }),
    );
  });

  it('accepts every whole k from 5 up, also as an environment string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 10_000 }), (k) => {
        expect(parseTrendPrivacy({ k: String(k) }).k).toBe(k);
      }),
    );
  });

  it('refuses a fractional k, a negative epsilon and a daily budget below one release', () => {
    expect(trendPrivacySchema.safeParse({ k: 7.5 }).success).toBe(false);
    expect(trendPrivacySchema.safeParse({ epsilon: -0.1 }).success).toBe(false);
    try {
      parseTrendPrivacy({ epsilon: 2, dailyEpsilonBudget: 1 });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(TrendsError);
      expect((e as TrendsError).path).toBe('trends.dailyEpsilonBudget');
    }
  });
});
