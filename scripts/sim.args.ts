// Command-line options shared by scripts/simulate.ts and scripts/evaluate.ts.
export interface SimArgs {
  people: number;
  days: number;
  seed: number;
  out: string;
  /** Multiplier on stress-episode effects (sensitivity analysis only); default 1. */
  episodeScale: number;
  /** Last wake date (UTC midnight ms); --end YYYY-MM-DD, default 2026-11-20 so runs are reproducible. */
  endDateMs: number;
}

export function parseArgs(
  argv: readonly string[],
  defaults: Omit<SimArgs, 'endDateMs' | 'episodeScale'>,
): SimArgs {
  const out: SimArgs = { ...defaults, endDateMs: Date.UTC(2026, 10, 20), episodeScale: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--') continue;
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--people' || flag === '--days' || flag === '--seed') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number ≥ 0, got ${value}`);
      out[flag.slice(2) as 'people' | 'days' | 'seed'] = n;
    } else if (flag === '--out') out.out = value;
    else if (flag === '--episode-scale') {
      out.episodeScale = Number(value);
      if (!(out.episodeScale > 0)) throw new Error(`--episode-scale must be a number > 0, got ${value}`);
    } else if (flag === '--end') {
      const ms = Date.parse(`${value}T00:00:00Z`);
      if (!Number.isFinite(ms)) throw new Error(`--end must be YYYY-MM-DD, got ${value}`);
      out.endDateMs = ms;
    } else
      throw new Error(
        `unknown option ${flag} (use --people N --days D --seed S [--out DIR] [--end YYYY-MM-DD] [--episode-scale X])`,
      );
  }
  return out;
}
