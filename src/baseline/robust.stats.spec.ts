import { clockDistance, clockMean, madScale, mean, median } from './robust.stats';

describe('robust statistics', () => {
  it('median of odd, even and empty series', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('MAD scale is the SD for normal-like data and ignores one outlier night', () => {
    expect(madScale([1, 2, 3, 4, 5])).toBeCloseTo(1.4826, 4);
    expect(madScale([1, 2, 3, 4, 5, 500])).toBeCloseTo(madScale([1, 2, 3, 4, 5, 6]), 6);
    expect(mean([1, 2, 6])).toBe(3);
  });

  it('clock times wrap around midnight', () => {
    expect(clockDistance(1430, 10)).toBe(20);
    expect(clockDistance(10, 1430)).toBe(20);
    expect(clockDistance(0, 720)).toBe(720);
    expect(clockMean([1430, 10])).toBeCloseTo(0, 6);
    expect(clockMean([200, 220])).toBeCloseTo(210, 6);
    expect(clockMean([0, 720])).toBeNaN();
  });
});
