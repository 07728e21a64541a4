// Small robust statistics for short series (≤ 60 nights): median, MAD scale, circular clock times.

// A typed array sorts numbers without a comparator call per comparison: the person's nights view
// takes ~180 medians per answer, the warnings one per channel and night (#21, README Scale).
export function median(xs: readonly number[]): number {
  return middle(Float64Array.from(xs).sort());
}

/** 1.4826 × median absolute deviation: the SD for normal data, unmoved by a few outlier nights. */
export function madScale(xs: readonly number[], center = median(xs)): number {
  const deviations = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) deviations[i] = Math.abs(xs[i]! - center);
  return 1.4826 * middle(deviations.sort());
}

function middle(s: Float64Array): number {
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : Number.NaN;
}

const DAY_MIN = 1440;

/** Shortest distance between two clock times in minutes, 0..720. */
export function clockDistance(a: number, b: number): number {
  const d = (((a - b) % DAY_MIN) + DAY_MIN) % DAY_MIN;
  return Math.min(d, DAY_MIN - d);
}

/** Circular mean of clock times in minutes, [0, 1440); NaN when they cancel out or are none. */
export function clockMean(mins: readonly number[]): number {
  let x = 0;
  let y = 0;
  for (const m of mins) {
    const a = (m / DAY_MIN) * 2 * Math.PI;
    x += Math.cos(a);
    y += Math.sin(a);
  }
  if (Math.hypot(x, y) < 1e-9) return Number.NaN;
  const a = Math.atan2(y, x);
  return ((((a / (2 * Math.PI)) * DAY_MIN) % DAY_MIN) + DAY_MIN) % DAY_MIN;
}
