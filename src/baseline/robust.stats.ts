// Small robust statistics for short series (≤ 60 nights): median, MAD scale, circular clock times.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** 1.4826 × median absolute deviation: the SD for normal data, unmoved by a few outlier nights. */
export function madScale(xs: readonly number[], center = median(xs)): number {
  return 1.4826 * median(xs.map((x) => Math.abs(x - center)));
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
