import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Schemas } from '../api/client';

export type Night = Schemas['NightDto'];

export interface SignalSpec {
  title: string;
  unit: string;
  value: (n: Night) => number | undefined;
  band: (n: Night) => number[] | undefined;
  digits: number;
  /** one line: what the band means for this signal */
  explain: string;
}

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

const fmt = (x: number | undefined, d: number) => (x === undefined ? '–' : x.toFixed(d));
const shortDay = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });

/**
 * One signal over the nights: the person's own usual range as a shaded band, each night as a point
 * on a line, nights that led to a note ringed. A table with the same numbers is one tap away.
 */
export function SignalsChart({ spec, nights }: { spec: SignalSpec; nights: Night[] }) {
  const box = useRef<HTMLDivElement>(null);
  // the table (60 rows) is built only when opened: a phone's first paint does not wait for it
  const [table, setTable] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el || nights.length === 0) return;
    const xs = nights.map((n) => Date.parse(`${n.date}T12:00:00Z`) / 1000);
    const ys = nights.map((n) => spec.value(n) ?? null);
    const lo = nights.map((n) => spec.band(n)?.[0] ?? null);
    const hi = nights.map((n) => spec.band(n)?.[1] ?? null);
    const marks = nights.map((n) => (n.nudge ? (spec.value(n) ?? null) : null));
    const [accent, muted, line, band, mark] = ['--accent', '--muted', '--line', '--band', '--mark'].map(css);
    const opts: uPlot.Options = {
      width: el.clientWidth,
      height: 200,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true } },
      series: [
        {},
        { stroke: accent, width: 2, points: { show: true, size: 5, fill: accent }, spanGaps: false },
        { stroke: 'transparent', points: { show: false } },
        { stroke: 'transparent', points: { show: false } },
        {
          stroke: 'transparent',
          paths: () => null,
          points: { show: true, size: 13, stroke: mark, width: 2.5, fill: 'transparent' },
        },
      ],
      bands: [{ series: [3, 2], fill: band }],
      axes: [
        {
          stroke: muted,
          grid: { stroke: line, width: 1 },
          ticks: { stroke: line },
          // "26 Oct" in the reader's own locale, not uPlot's default "10/26" with the year under it
          values: (_u, splits) => splits.map((s) => shortDay(new Date(s * 1000).toISOString().slice(0, 10))),
        },
        {
          stroke: muted,
          label: spec.unit,
          labelSize: 22,
          size: 48,
          grid: { stroke: line, width: 1 },
          ticks: { stroke: line },
          values: (_u, vals) => vals.map((v) => v.toFixed(spec.digits > 1 ? 1 : 0)),
        },
      ],
    };
    const plot = new uPlot(opts, [xs, ys, lo, hi, marks] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [nights, spec]);

  const last = [...nights].reverse().find((n) => spec.value(n) !== undefined);
  const lastBand = last && spec.band(last);
  const summary = last
    ? `${spec.title}: last night ${fmt(spec.value(last), spec.digits)} ${spec.unit}` +
      (lastBand
        ? `; your usual range ${fmt(lastBand[0], spec.digits)} to ${fmt(lastBand[1], spec.digits)} ${spec.unit}.`
        : '.')
    : `${spec.title}: no nights yet.`;

  const learning = learningNote(spec, nights);

  return (
    <figure class="card chart">
      <figcaption>
        <h2>{spec.title}</h2>
        <p class="small muted">{spec.explain}</p>
        {learning && <p class="small muted">{learning}</p>}
      </figcaption>
      <div ref={box} role="img" aria-label={`${summary} ${nights.length} nights shown.`} />
      <p class="small">{summary}</p>
      <details onToggle={(e) => setTable((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>Show as a table</summary>
        {table && (
          <table class="small">
            <thead>
              <tr>
                <th scope="col">Night before</th>
                <th scope="col">{spec.unit}</th>
                <th scope="col">Usual range</th>
              </tr>
            </thead>
            <tbody>
              {[...nights].reverse().map((n) => {
                const b = spec.band(n);
                return (
                  <tr key={n.date}>
                    <th scope="row">
                      {shortDay(n.date)}
                      {n.nudge ? ' (note)' : ''}
                    </th>
                    <td>{fmt(spec.value(n), spec.digits)}</td>
                    <td>{b ? `${fmt(b[0], spec.digits)}–${fmt(b[1], spec.digits)}` : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  );
}

/**
 * Why the band starts later than the line, or is not there yet: a usual range is learned from the
 * person's first couple of weeks of nights (DESIGN §4's cold start), and none is drawn before that.
 */
function learningNote(spec: SignalSpec, nights: Night[]): string | undefined {
  const first = nights.findIndex((n) => spec.band(n) !== undefined);
  const valued = (list: Night[]) => list.some((n) => spec.value(n) !== undefined);
  if (first < 0)
    return valued(nights)
      ? 'No shaded area yet: Respite learns your usual range from your first two weeks or so of nights.'
      : undefined;
  if (!valued(nights.slice(0, first))) return undefined;
  return `Shaded from ${shortDay(nights[first]!.date)} on: before that, Respite was still learning your usual range.`;
}
