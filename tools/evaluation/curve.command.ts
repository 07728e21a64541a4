// `npm run evaluate -- --curve [--seeds 21,22,23] [--people 200] [--days 180] [--budget 0.25]
//  [--ks 1.8,1.9,…] [--in-order] [--out DIR]`: the trade-off curve of every method over the given
// seeds, then each method at each false-alert budget (comma-separated); `--out` also writes every
// point with its per-seed figures to DIR/curve.json. The presets were chosen with `--seeds
// 1,2,3,4,5,11,12,13,14,15 --budget 0.15,0.25,0.5 --ks 1.7,1.75,…,2.3` by the rule `preset` of
// operatingPoint (tools/evaluation/README.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseArgs } from '../../scripts/sim.args';
import {
  CONSERVATIVE_WARNING_CONFIG,
  DEFAULT_WARNING_CONFIG,
  SENSITIVE_WARNING_CONFIG,
  type WarningConfig,
} from '../../src/warnings/warning.config';
import { formatAtBudget, formatCurve, respiteAt, respiteSetting, runCurve } from './curve';

/** Seeds nobody tuned on (the presets were chosen on seeds 1–5 and 11–15). */
export const HELD_OUT_SEEDS = [41, 42, 43];
/** The sweep of Respite's knob k, at the default's h (the presets add their own k). */
export const RESPITE_KS = [1.7, 1.8, 1.9, 2.1, 2.3];

export async function curveCommand(argv: string[]): Promise<void> {
  const take = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv.splice(at, 2)[1] : undefined;
  };
  const seeds = (take('--seeds') ?? HELD_OUT_SEEDS.join(',')).split(',').map(Number);
  const budgets = (take('--budget') ?? '0.25').split(',').map(Number);
  const ks = (take('--ks') ?? RESPITE_KS.join(',')).split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0) || [...budgets, ...ks].some((x) => !(x > 0)))
    throw new Error('--seeds takes whole numbers, --budget and --ks numbers > 0, separated by commas');
  const inOrder = argv.includes('--in-order');
  const args = parseArgs(
    argv.filter((a) => a !== '--in-order'),
    { people: 200, days: 180, seed: 0, out: '' },
  );
  const presets: [string, WarningConfig][] = [
    ['sensitive', SENSITIVE_WARNING_CONFIG],
    ['default', DEFAULT_WARNING_CONFIG],
    ['conservative', CONSERVATIVE_WARNING_CONFIG],
  ];
  const respite = new Map<string, WarningConfig>();
  for (const k of ks) {
    const cfg = respiteAt(DEFAULT_WARNING_CONFIG, k, DEFAULT_WARNING_CONFIG.warnAt);
    respite.set(respiteSetting(cfg), cfg);
  }
  for (const [, cfg] of presets) respite.set(respiteSetting(cfg), cfg);
  const t0 = Date.now();
  const points = await runCurve({
    inOrder,
    seeds,
    people: args.people,
    days: args.days,
    endDateMs: args.endDateMs,
    respite: [...respite].map(([setting, cfg]) => ({ setting, cfg })),
  });
  const path = inOrder
    ? 'nights assembled in process, in order'
    : "nights through the service's processing path";
  console.log(
    `Curve: seeds ${seeds.join(', ')}, ${args.people} people × ${args.days} days each (pooled), ${path}\n`,
  );
  console.log(formatCurve(points));
  for (const budget of budgets) {
    console.log(`\nAt ≤ ${budget} false alert-days per person-quarter:\n`);
    console.log(
      formatAtBudget(
        points,
        budget,
        presets.map(([name, cfg]) => ({ name, setting: respiteSetting(cfg) })),
      ),
    );
  }
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'curve.json'), `${JSON.stringify({ seeds, points }, null, 1)}\n`);
  }
  console.error(`in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
