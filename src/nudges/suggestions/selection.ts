import type { Category, Level, SignalDeviation } from '../nudge.schema';
import { type Rng, sampleBeta } from './beta-sampler';
import { CATALOG, type CatalogEntry, fits } from './catalog';
import { armOf, type NudgeState, RECENT_NUDGES, recentlyShown } from './nudge.state';

/** A slot asks for one suggestion from these categories; 'open' takes any category not yet chosen. */
type Slot = readonly Category[] | 'open';

export interface SelectionInput {
  level: Level;
  signals: readonly SignalDeviation[];
  state: NudgeState;
  rng: Rng;
  catalog?: readonly CatalogEntry[];
  recentNudges?: number;
}

export function suggestionCount(level: Level): number {
  return level === 'warning' ? 3 : 2;
}

/**
 * Picks 2 (watch) or 3 (warning) suggestions. The signals decide which kinds of help come first
 * (sleep drifting longest → sleep protection first; HRV / resting HR → micro-recovery; warning →
 * one peer or professional support option); within each kind a Thompson-sampling bandit over the
 * person's own helpful / not-helpful answers decides, so untried suggestions still get explored.
 * Suggestions from the last few nudges are skipped unless nothing else fits the slot.
 */
export function selectSuggestions(input: SelectionInput): CatalogEntry[] {
  const { level, signals, state, rng, catalog = CATALOG, recentNudges = RECENT_NUDGES } = input;
  const present = new Set(signals.map((s) => s.signal));
  const fitting = catalog.filter((e) => fits(e, present, level));
  // One draw per arm, in catalog order, so the same seed and state reproduce the same choice.
  const score = new Map(fitting.map((e) => [e.id, sampleBeta(...armOf(state, e.id), rng)] as const));
  const recent = recentlyShown(state, recentNudges);
  const fresh = (e: CatalogEntry) => !recent.has(e.id);

  const chosen: CatalogEntry[] = [];
  for (const slot of planSlots(signals, level)) {
    const free = fitting.filter((e) => !chosen.includes(e));
    const used = new Set(chosen.map((e) => e.category));
    const tiers =
      slot === 'open'
        ? [free.filter((e) => fresh(e) && !used.has(e.category))]
        : [
            free.filter((e) => fresh(e) && slot.includes(e.category)),
            free.filter((e) => slot.includes(e.category)),
          ];
    tiers.push(free.filter(fresh), free);
    const pick = best(tiers.find((t) => t.length > 0) ?? [], score);
    if (pick) chosen.push(pick);
  }
  return chosen;
}

function planSlots(signals: readonly SignalDeviation[], level: Level): Slot[] {
  const longest = (pred: (s: SignalDeviation) => boolean) =>
    Math.max(-1, ...signals.filter(pred).map((s) => (Number.isFinite(s.days) ? s.days : 0)));
  const sleepDays = longest((s) => s.signal === 'sleep');
  const cardiacDays = longest((s) => s.signal !== 'sleep');
  const sleepFirst = sleepDays >= 0 && sleepDays >= cardiacDays;

  const slots: Slot[] = [];
  if (sleepFirst) slots.push(['sleep']);
  if (cardiacDays >= 0 || sleepDays < 0) slots.push(['micro-recovery']);
  if (sleepDays >= 0 && !sleepFirst) slots.push(['sleep']);
  if (level === 'warning') slots.push(['peer-support', 'professional-support']);
  slots.push('open', 'open');
  return slots.slice(0, suggestionCount(level));
}

function best(
  candidates: readonly CatalogEntry[],
  score: ReadonlyMap<string, number>,
): CatalogEntry | undefined {
  let top: CatalogEntry | undefined;
  for (const e of candidates) if (!top || score.get(e.id)! > score.get(top.id)!) top = e;
  return top;
}
