import type { Level, NudgeV1, SignalDeviation } from '../nudge.schema';
import type { Rng } from './beta-sampler';
import { CATALOG, CATALOG_VERSION, type CatalogEntry } from './catalog';
import { composeMessage, type PersonalContext } from './message';
import { type NudgeState, RECENT_NUDGES, recordShown } from './nudge.state';
import { selectSuggestions } from './selection';

export interface NudgeInput {
  /** Made by the caller (crypto.randomUUID()), so this stays pure and replays are reproducible. */
  nudgeId: string;
  subjectId: string;
  /** The evaluated night, by its local wake-up date (YYYY-MM-DD); event time, not creation time. */
  asOf: string;
  createdAt: string | Date;
  level: Level;
  signals: readonly SignalDeviation[];
  /** What the person's own answers changed, said in the message. */
  personal?: PersonalContext;
}

export interface NudgeOptions {
  catalog?: readonly CatalogEntry[];
  catalogVersion?: string;
  recentNudges?: number;
}

export interface BuiltNudge {
  nudge: NudgeV1;
  /** The person's state with this nudge's suggestions remembered as recently shown. */
  nextState: NudgeState;
}

/** A complete nudges.v1 record (DESIGN §2) for one person, plus their updated selection state. */
export function buildNudge(
  input: NudgeInput,
  state: NudgeState,
  rng: Rng,
  options: NudgeOptions = {},
): BuiltNudge {
  const { catalog = CATALOG, catalogVersion = CATALOG_VERSION, recentNudges = RECENT_NUDGES } = options;
  const picked = selectSuggestions({
    level: input.level,
    signals: input.signals,
    state,
    rng,
    catalog,
    recentNudges,
  });
  const nudge: NudgeV1 = {
    nudgeId: input.nudgeId,
    subjectId: input.subjectId,
    asOf: input.asOf,
    createdAt: typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString(),
    level: input.level,
    signals: input.signals.map((s) => ({ ...s, band: [s.band[0], s.band[1]] })),
    message: composeMessage(input.level, input.signals, input.personal),
    suggestions: picked.map(({ id, title, text, minutes, category, evidence }) => ({
      id,
      title,
      text,
      minutes,
      category,
      evidence,
    })),
    catalogVersion,
  };
  return {
    nudge,
    nextState: recordShown(
      state,
      picked.map((e) => e.id),
      recentNudges,
    ),
  };
}
