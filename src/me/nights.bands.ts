// The person's own nights with their own band, for the app's charts. Pure: the same baseline
// state and statistics the warnings use (src/baseline), replayed over the stored nightly summaries,
// so the band a person sees is the band their nights were judged against.
import { createBaselineState, HRV, RHR, SLEEP, valueAt } from '../baseline/baseline.state';
import { type BaselineOptions, channelBaseline } from '../baseline/baseline.stats';
import { applyShiftIfReady, recordNight } from '../baseline/night.recorder';
import { dayNumber, type NightInput } from '../night/night';

export type Band = [number, number];

export interface NightView {
  /** Wake-up date (the night's name). */
  date: string;
  /** HRV in ms (RMSSD, or SDNN for devices that give only that: see `hrvMeasure`). */
  hrvMs?: number;
  hrvBand?: Band;
  rhrBpm?: number;
  rhrBand?: Band;
  sleepH?: number;
  sleepBand?: Band;
  /** A nudge was made about this night. */
  nudge: boolean;
}

export interface NightsView {
  hrvMeasure: 'rmssd' | 'sdnn' | null;
  nights: NightView[];
}

/** Enough history before the first night shown for its band: the baseline window. */
export const WARM_UP_NIGHTS = 60;

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const finite = (x: number) => (Number.isFinite(x) ? x : undefined);

/**
 * The last `days` nights up to and including `lastDate`, each with its value and the band
 * (centre ± bandK × scale of the nights before it) the warning engine compares it with.
 */
export function nightsWithBands(
  inputs: readonly NightInput[],
  o: BaselineOptions & { bandK: number },
  opts: { days: number; lastDate: string; nudgeDates: ReadonlySet<string> },
): NightsView {
  const s = createBaselineState();
  const firstShown = dayNumber(opts.lastDate) - opts.days + 1;
  const nights: NightView[] = [];
  const sorted = [...inputs].sort((a, b) => a.wakeDate.localeCompare(b.wakeDate));
  for (const n of sorted) {
    const day = dayNumber(n.wakeDate);
    if (Number.isNaN(day) || day <= s.lastDay || day > dayNumber(opts.lastDate)) continue;
    recordNight(s, n, day, o);
    applyShiftIfReady(s, day, o);
    if (day < firstShown) continue;
    const band = (ch: number, map: (x: number) => number, digits: number): Band | undefined => {
      const b = channelBaseline(s, day, ch, o);
      if (!b) return undefined;
      return [
        round(map(b.center - o.bandK * b.scale), digits),
        round(map(b.center + o.bandK * b.scale), digits),
      ];
    };
    const hrv = finite(valueAt(s, day, HRV));
    const rhr = finite(valueAt(s, day, RHR));
    const sleep = finite(valueAt(s, day, SLEEP));
    nights.push({
      date: n.wakeDate,
      ...(hrv === undefined ? {} : { hrvMs: round(Math.exp(hrv), 1) }),
      ...optional('hrvBand', band(HRV, Math.exp, 1)),
      ...(rhr === undefined ? {} : { rhrBpm: round(rhr, 1) }),
      ...optional(
        'rhrBand',
        band(RHR, (x) => x, 1),
      ),
      ...(sleep === undefined ? {} : { sleepH: round(sleep, 2) }),
      ...optional(
        'sleepBand',
        band(SLEEP, (x) => x, 2),
      ),
      nudge: opts.nudgeDates.has(n.wakeDate),
    });
  }
  return { hrvMeasure: s.hrvMeasure === 1 ? 'rmssd' : s.hrvMeasure === 2 ? 'sdnn' : null, nights };
}

function optional<K extends string>(key: K, band: Band | undefined): Partial<Record<K, Band>> {
  return band ? ({ [key]: band } as Record<K, Band>) : {};
}
