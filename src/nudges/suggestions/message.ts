import type { Level, Signal, SignalDeviation } from '../nudge.schema';

const NAMES: Record<Signal, string> = {
  sleep: 'sleep',
  hrv: 'heart-rate variability',
  rhr: 'resting heart rate',
};
const ORDER: readonly Signal[] = ['sleep', 'hrv', 'rhr'];

export const NOT_MEDICAL =
  'This is not a medical assessment, and you can pause or stop these nudges anytime.';

/**
 * What a lock screen or notification centre may show: the same for every nudge and level, because
 * anyone near the phone can read it (DESIGN §3 invariant 3). The message itself is shown in-app only.
 */
export const PUSH_PREVIEW = {
  title: 'Respite',
  body: 'A private note for you, whenever you have a moment.',
} as const;

/**
 * What the person's own answers changed (#20), so the note can say it: they told Respite an earlier
 * note did not help (it now waits for a clearer change), or their check-ins point the same way.
 */
export interface PersonalContext {
  raised: boolean;
  checkInsAgree: boolean;
}

/**
 * The nudge text: plain, kind, non-diagnostic (DESIGN §4). It names which signals left the person's
 * own range and for how long, but no numbers and no direction: the values are relative to a
 * personal baseline and mean little out of context, and "lower"/"higher" invites self-diagnosis.
 */
export function composeMessage(
  level: Level,
  signals: readonly SignalDeviation[],
  personal?: PersonalContext,
): string {
  const verb = level === 'warning' ? 'stayed' : 'been';
  const opening = level === 'warning' ? '' : 'A gentle heads-up: ';
  const closing =
    level === 'warning'
      ? 'Go easy on yourself if you can; here are some ideas, including people to talk to.'
      : 'Here are a few small things that may help.';
  const extra = said(personal);
  const parts = [
    opening ? `${opening}${lowerFirst(describe(signals, verb))}` : describe(signals, verb),
    ...extra,
    SHIFTS,
    closing,
    NOT_MEDICAL,
  ];
  // nudges.v1 allows 400 characters: what the person said back comes before the general remark
  let text = '';
  for (const drop of [[], [SHIFTS], [SHIFTS, ...extra]]) {
    text = parts.filter((p) => !drop.includes(p)).join(' ');
    if (text.length <= MAX_MESSAGE) break;
  }
  return text;
}

/** One sentence on what the person's own answers changed; none when nothing did. */
function said(p: PersonalContext | undefined): string[] {
  if (p?.raised && p.checkInsAgree)
    return ['Respite waited for a clearer change, as you asked, and your check-ins point the same way.'];
  if (p?.raised) return ["You said an earlier note didn't help, so Respite waited for a clearer change."];
  if (p?.checkInsAgree) return ['Your own check-ins lately point the same way.'];
  return [];
}

const SHIFTS = 'Many things can shift them, from busy shifts to travel.';
const MAX_MESSAGE = 400;

function describe(signals: readonly SignalDeviation[], verb: string): string {
  const nightsBySignal = new Map<Signal, number>();
  for (const s of signals) {
    const n = Number.isFinite(s.days) ? Math.max(0, Math.floor(s.days)) : 0;
    nightsBySignal.set(s.signal, Math.max(n, nightsBySignal.get(s.signal) ?? 0));
  }
  const present = ORDER.filter((s) => nightsBySignal.has(s));
  if (present.length === 0) return `Your signals have ${verb} outside your usual range lately.`;
  const have = present.length === 1 ? 'has' : 'have';
  const counts = new Set(present.map((s) => nightsBySignal.get(s)));
  if (counts.size === 1) {
    const n = nightsBySignal.get(present[0]!)!;
    const span = n > 0 ? ` for ${nights(n)}` : ' lately';
    return `Your ${list(present.map((s) => NAMES[s]))} ${have} ${verb} outside your usual range${span}.`;
  }
  // Signals drifted for different spans: say each one's, rather than implying all for the longest.
  const parts = present.map((s) => {
    const n = nightsBySignal.get(s)!;
    return n > 0 ? `${NAMES[s]} (${nights(n)})` : NAMES[s];
  });
  return `Your ${list(parts)} ${have} ${verb} outside your usual range.`;
}

function nights(n: number): string {
  return n === 1 ? '1 night' : `${n} nights`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
