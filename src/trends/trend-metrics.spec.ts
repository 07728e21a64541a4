import { exactFigure, METRIC_SPECS, roundTo, sensitivity } from './trend-metrics';

describe('trend metrics', () => {
  it('takes the median of clamped values, averaging the middle pair', () => {
    const hrv = METRIC_SPECS.hrvDeviationMedian;
    expect(exactFigure(hrv, [0.3, -0.1, 0.2])).toBeCloseTo(0.2);
    expect(exactFigure(hrv, [0.1, -0.1, 0.3, 9])).toBeCloseTo(0.2);
    expect(exactFigure(hrv, [2, 3, 4])).toBe(0.5);
  });

  it('takes a share as the fraction of flags', () => {
    expect(exactFigure(METRIC_SPECS.shareOutsideNormal, [1, 0, 0, 1])).toBe(0.5);
  });

  it('derives sensitivity from the bounds for medians and 1/n for shares', () => {
    expect(sensitivity(METRIC_SPECS.sleepHoursMedian, 30)).toBe(6);
    expect(sensitivity(METRIC_SPECS.shareOutsideNormal, 20)).toBe(0.05);
  });

  it('rounds to the step without float residue or negative zero', () => {
    expect(roundTo(0.29, 0.1)).toBe(0.3);
    expect(roundTo(0.12, 0.05)).toBe(0.1);
    expect(roundTo(0.13, 0.05)).toBe(0.15);
    expect(Object.is(roundTo(-0.04, 0.1), 0)).toBe(true);
  });
});
