/**
 * Words a nudge must never use (DESIGN §4): Respite says "your signals are off your normal", never
 * anything that labels, diagnoses or alarms the person. Enforced by tests on every generated message
 * and every catalog title/text; keep it here so new copy can be checked the same way.
 */
export const FORBIDDEN_PHRASES: readonly RegExp[] = [
  /burn(?:ed|t)?[\s-]*out/i,
  /stress disorder/i,
  /depress/i,
  /anxiety disorder/i,
  /disorder/i,
  /diagnos/i,
  /disease/i,
  /illness/i,
  /symptom/i,
  /patient/i,
  /\byou are\b/i,
  /\byou['’]re\b/i,
  /\byou must\b/i,
  /\bfail/i,
  /abnormal/i,
  /\brisk/i,
  /danger/i,
  /\balarm/i,
];

/** Evidence notes talk about research, so they may name conditions, but never address or judge the reader. */
export const EVIDENCE_FORBIDDEN: readonly RegExp[] = [
  /\byou are\b/i,
  /\byou['’]re\b/i,
  /\byou must\b/i,
  /\byour\b/i,
];

export function findForbidden(text: string, phrases: readonly RegExp[] = FORBIDDEN_PHRASES): string[] {
  return phrases.filter((p) => p.test(text)).map((p) => p.source);
}
