import { z } from 'zod';
import { findSuggestion } from './catalog';

/** Suggestions shown in this many of the person's latest nudges are not repeated (if avoidable). */
export const RECENT_NUDGES = 3;
/**
 * Older feedback fades: each new answer on a suggestion first shrinks its earlier evidence by this
 * factor. People and their work change, and it bounds every arm to ~20 answers' worth of evidence.
 */
export const FEEDBACK_DECAY = 0.95;

/**
 * Per-person selection state, stored as JSON beside the person's inbox (and erased with it).
 * `recent`: suggestion ids of the latest nudges, oldest first. `arms`: Beta(α, β) per suggestion id,
 * α = 1 + helpful, β = 1 + not helpful (decayed); absent = the uniform prior Beta(1, 1).
 */
export const nudgeStateSchema = z.object({
  v: z.literal(1),
  recent: z.array(z.array(z.string())),
  arms: z.record(z.string(), z.tuple([z.number().min(1), z.number().min(1)])),
});
export type NudgeState = z.infer<typeof nudgeStateSchema>;

export function emptyNudgeState(): NudgeState {
  return { v: 1, recent: [], arms: {} };
}

/** Stored state → typed state; nothing stored yet (a new person) → empty. Throws (ZodError) if malformed. */
export function parseNudgeState(raw: unknown): NudgeState {
  return raw == null ? emptyNudgeState() : nudgeStateSchema.parse(raw);
}

export function armOf(state: NudgeState, suggestionId: string): [number, number] {
  return state.arms[suggestionId] ?? [1, 1];
}

/**
 * The person said a suggestion helped (or not). Ids not in the catalog are ignored so that state
 * stays bounded; the feedback endpoint should reject them first (see findSuggestion).
 */
export function applyFeedback(
  state: NudgeState,
  suggestionId: string,
  helpful: boolean,
  known: (id: string) => boolean = (id) => findSuggestion(id) !== undefined,
): NudgeState {
  if (!known(suggestionId)) return state;
  const [a, b] = armOf(state, suggestionId);
  const next: [number, number] = [
    round(1 + (a - 1) * FEEDBACK_DECAY + (helpful ? 1 : 0)),
    round(1 + (b - 1) * FEEDBACK_DECAY + (helpful ? 0 : 1)),
  ];
  return { ...state, arms: { ...state.arms, [suggestionId]: next } };
}

export function recordShown(state: NudgeState, ids: readonly string[], keep = RECENT_NUDGES): NudgeState {
  return { ...state, recent: keep > 0 ? [...state.recent, [...ids]].slice(-keep) : [] };
}

export function recentlyShown(state: NudgeState, keep = RECENT_NUDGES): Set<string> {
  return new Set(keep > 0 ? state.recent.slice(-keep).flat() : []);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
