import { randomUUID } from 'node:crypto';
import { dayNumber } from '../../src/night/night';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { WarningStates } from '../../src/warnings/warning.states';
import { D0, nights, normal, quietDeps, sleepOf, stressed } from '../../src/warnings/warnings.fixtures';
import { WarningsProcessor } from '../../src/warnings/warnings.processor';

const DAY_MS = 86_400_000;
export const STRESS_FROM = 40;

/** The night (index) whose verdict asks for a nudge, found with the pure engine on the same nights. */
export async function nudgeNight(): Promise<number> {
  const sent: NudgeRequest[] = [];
  const processor = new WarningsProcessor(
    new WarningStates(DEFAULT_WARNING_CONFIG),
    quietDeps({ emit: async (r) => void sent.push(r) }),
    'probe',
  );
  await processor.onStored(nights('probe', 'p', 0, STRESS_FROM + 14, STRESS_FROM));
  if (!sent[0]) throw new Error('the fixture nights never ask for a nudge');
  return dayNumber(sent[0].asOf) - D0;
}

/**
 * sleep.v1 messages of one person for `count` nights, stressed from STRESS_FROM on, moved so that
 * night `lastIndex` is last night (wake-up today, UTC).
 */
export function sleepMessages(subjectId: string, count: number, lastIndex = count - 1) {
  const shiftMs = (Math.floor(Date.now() / DAY_MS) - (D0 + lastIndex)) * DAY_MS;
  const iso = (ms: number) => new Date(ms + shiftMs).toISOString().replace('Z', '+00:00');
  return Array.from({ length: count }, (_, i) => {
    const s = sleepOf(subjectId, i, i >= STRESS_FROM ? stressed(i) : normal(i));
    const value = {
      schema: 'sleep.v1',
      readingId: randomUUID(),
      subjectId,
      source: 'oura',
      startAt: iso(s.startAtMs),
      endAt: iso(s.endAtMs),
      isMainSleep: true,
      stagesMin: s.stagesMin,
      restingHrBpm: s.restingHrBpm,
      avgRmssdMs: s.avgRmssdMs,
    };
    return { key: subjectId, value: JSON.stringify(value) };
  });
}
