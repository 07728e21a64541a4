import type { Schemas } from '../api/client';

export type Dashboard = Schemas['DashboardDto'];
export type CohortView = Schemas['CohortDashboardDto'];
export type Slot = Schemas['DashboardSlotDto'];
export type MetricName = keyof Schemas['TrendMetricsDto'];

export interface MetricView {
  name: MetricName | 'contributors';
  title: string;
  unit: string;
  /** one line: what the line means */
  explain: string;
  /** from the published figure to what is plotted */
  show: (v: number) => number;
  digits: number;
  /** the figure in a few words, for the one-line summary */
  glance?: (figure: string) => string;
}

// HRV deviations are published in ln units; a lead reads "% against their own normal" more easily.
const lnToPercent = (v: number) => (Math.exp(v) - 1) * 100;

export const METRIC_VIEWS: MetricView[] = [
  {
    name: 'shareOutsideNormal',
    title: 'Outside their own normal range',
    unit: '% of people',
    explain:
      'How many of the team had HRV outside their own usual range. Each person is compared only with themselves.',
    show: (v) => v * 100,
    digits: 0,
    glance: (f) => `${f} outside their own normal range`,
  },
  {
    name: 'hrvDeviationMedian',
    title: 'HRV against their own normal',
    unit: '% change',
    explain:
      'The middle person’s heart-rate variability against their own usual level; below 0 means lower than usual.',
    show: lnToPercent,
    digits: 0,
    glance: (f) => `HRV ${f} against their normal`,
  },
  {
    name: 'sleepHoursMedian',
    title: 'Sleep',
    unit: 'hours',
    explain: 'The middle person’s average sleep per night. Adults do best with 7 hours or more.',
    show: (v) => v,
    digits: 1,
    glance: (f) => `sleep ${f}`,
  },
  {
    name: 'rhrDeviationMedian',
    title: 'Resting heart rate against their own normal',
    unit: 'beats/min',
    explain:
      'The middle person’s resting heart rate against their own usual level; above 0 means higher than usual.',
    show: (v) => v,
    digits: 1,
    glance: (f) => `resting heart rate ${f}`,
  },
];

const day = (d: string, opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { ...opts, timeZone: 'UTC' });

/** "16–22 Nov" for a week, "Sat 21 Nov" for a night. */
export function periodName(s: Slot): string {
  if (s.start === s.end) return day(s.start, { weekday: 'short', day: 'numeric', month: 'short' });
  return `${day(s.start, { day: 'numeric' })}–${day(s.end)}`;
}

/** The published figure of a period (null in a gap or when withheld). */
export function figureOf(m: MetricView, s: Slot): number | null {
  return m.name === 'contributors' ? s.contributors : s.metrics[m.name];
}

export const CONTRIBUTORS: MetricView = {
  name: 'contributors',
  title: 'People contributing',
  unit: 'people',
  explain: 'How many people’s data is behind each period. Periods with too few people stay empty.',
  show: (v) => v,
  digits: 0,
};

export function formatFigure(m: MetricView, v: number | null): string {
  if (v === null) return 'not published';
  if (m.name === 'contributors') return `${v} people`;
  const x = m.show(v);
  const sign = m.name.endsWith('DeviationMedian') && x > 0 ? '+' : x < 0 ? '−' : '';
  return `${sign}${Math.abs(x).toFixed(m.digits)}${m.unit.startsWith('%') ? '%' : ` ${m.unit === 'hours' ? 'h' : 'bpm'}`}`;
}

/** Consecutive gaps merged into ranges, for one plain sentence under a chart. */
export function gapRanges(slots: readonly Slot[], gap: (s: Slot) => boolean): string[] {
  const out: string[] = [];
  let run: Slot[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    out.push(run.length === 1 ? periodName(first) : `${periodName(first)} to ${periodName(last)}`);
    run = [];
  };
  for (const s of slots) {
    if (gap(s)) run.push(s);
    else flush();
  }
  flush();
  return out;
}
