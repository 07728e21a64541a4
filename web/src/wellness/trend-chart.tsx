import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { figureOf, formatFigure, gapRanges, type MetricView, periodName, type Slot } from './metrics';

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const DAY_S = 86_400;
const at = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;

/** Runs of consecutive periods without a figure, as [first start, last end] dates. */
function gapRuns(slots: readonly Slot[], missing: (s: Slot) => boolean): [string, string][] {
  const runs: [string, string][] = [];
  for (const s of slots) {
    const last = runs.at(-1);
    if (!missing(s)) continue;
    const prev = slots[slots.indexOf(s) - 1];
    if (last && prev && missing(prev)) last[1] = s.end;
    else runs.push([s.start, s.end]);
  }
  return runs;
}

/**
 * Shades each run of periods without a figure and writes "not published" across it, so a gap reads
 * as a gap, never as a dip to zero (the line itself breaks there: spanGaps is off).
 */
function gapShading(runs: readonly [string, string][]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        const px = devicePixelRatio;
        ctx.save();
        ctx.font = `${Math.round(12 * px)}px system-ui, sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (const [start, end] of runs) {
          const x0 = u.valToPos(at(start), 'x', true);
          const x1 = u.valToPos(at(end) + DAY_S, 'x', true);
          ctx.fillStyle = css('--gap');
          ctx.fillRect(x0, top, x1 - x0, height);
          if (x1 - x0 < ctx.measureText('not published').width + 8 * px) continue;
          ctx.fillStyle = css('--muted');
          ctx.fillText('not published', (x0 + x1) / 2, top + height / 2);
        }
        ctx.restore();
      },
    },
  };
}

const shortDate = (ts: number) =>
  new Date(ts * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Shares on 0–100 %; changes against the own normal always include 0, so its side is visible. */
function yRange(metric: MetricView, k: number): uPlot.Scale['range'] {
  if (metric.unit === '% of people') return [0, 100];
  if (metric.name === 'contributors') return (_u, _lo, hi) => [0, Math.ceil(Math.max(hi, k) * 1.25)];
  if (metric.name.endsWith('DeviationMedian'))
    return (_u, lo, hi) => {
      const pad = Math.max(1, (Math.max(hi, 0) - Math.min(lo, 0)) * 0.15);
      return [Math.floor(Math.min(lo, 0) - pad), Math.ceil(Math.max(hi, 0) + pad)];
    };
  return (_u, lo, hi) => [Math.floor(lo - 1), Math.ceil(hi + 1)];
}

interface Props {
  metric: MetricView;
  slots: Slot[];
  k: number;
}

/** One published metric over the periods, gaps shaded and labelled, with the same figures as a table. */
export function TrendChart({ metric, slots, k }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const missing = (s: Slot) => figureOf(metric, s) === null;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const mid = (s: Slot) => (at(s.start) + at(s.end) + DAY_S) / 2;
    const xs = slots.map(mid);
    const ys = slots.map((s) => {
      const v = figureOf(metric, s);
      return v === null ? null : metric.show(v);
    });
    const [accent, muted, line] = ['--accent', '--muted', '--line'].map(css);
    const opts: uPlot.Options = {
      width: el.clientWidth,
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      plugins: [gapShading(gapRuns(slots, missing))],
      scales: {
        x: { time: true, range: [at(slots[0]!.start), at(slots.at(-1)!.end) + DAY_S] },
        y: { range: yRange(metric, k) },
      },
      series: [
        {},
        { stroke: accent, width: 2, points: { show: true, size: 6, fill: accent }, spanGaps: false },
      ],
      axes: [
        {
          stroke: muted,
          grid: { stroke: line, width: 1 },
          ticks: { stroke: line },
          values: (_u, splits) => splits.map(shortDate),
        },
        {
          stroke: muted,
          label: metric.unit,
          labelSize: 22,
          size: 50,
          grid: { stroke: line, width: 1 },
          ticks: { stroke: line },
        },
      ],
    };
    const plot = new uPlot(opts, [xs, ys] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [slots, metric]);

  const last = [...slots].reverse().find((s) => !missing(s));
  const gaps = gapRanges(slots, missing);
  const summary = last
    ? `${metric.title}: ${formatFigure(metric, figureOf(metric, last))} in ${periodName(last)}.`
    : `${metric.title}: nothing published in these periods.`;

  return (
    <figure class="card chart team-chart">
      <figcaption>
        <h4>{metric.title}</h4>
        <p class="small muted">{metric.explain}</p>
      </figcaption>
      <div
        ref={box}
        role="img"
        aria-label={`${summary} ${gaps.length ? `Not published: ${gaps.join(', ')}.` : ''}`}
      />
      <p class="small">{summary}</p>
      {gaps.length > 0 && (
        <p class="small muted gap-note">
          <span class="gap-key" aria-hidden="true" /> Not published: {gaps.join(', ')}. Fewer than {k} people,
          or held back for privacy.
        </p>
      )}
      <details>
        <summary>Show as a table</summary>
        <table class="small">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">People</th>
              <th scope="col">{metric.unit}</th>
            </tr>
          </thead>
          <tbody>
            {[...slots].reverse().map((s) => (
              <tr key={s.start}>
                <th scope="row">{periodName(s)}</th>
                <td>{s.contributors ?? `fewer than ${k}, or held back`}</td>
                <td>{formatFigure(metric, figureOf(metric, s))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
