import type { ConsentRecord } from '../consent/consent.schema';
import type { StoredReading } from '../ingest/ingest.pipeline';
import type { NudgeRequest } from '../warnings/nudge-request';

/**
 * Every in-process hand-off between features, by name, with its payload. Handlers run one after
 * another in the order of their `priority` (lower first) and are awaited; an error reaches the
 * emitter. Erasure, where the order of many features matters most, has its own written order
 * (src/erasure/erasure.steps.ts).
 */
export interface AppEvents {
  /**
   * Ingest → warnings: readings InfluxDB acknowledged, before the batch's offsets are committed
   * (a failing handler retries the batch).
   */
  'readings.stored': readonly StoredReading[];
  /**
   * Warnings → nudges: a night whose verdict asks for a nudge; awaited inside the ingest batch,
   * before the night's state reaches the changelog, so delivery is at least once per night.
   */
  'nudge.requested': NudgeRequest;
  /**
   * Consent → everyone who holds per-person state: the person's consent as this instance now
   * knows it (null after erasure), whoever wrote it and whenever this instance read it.
   */
  'consent.changed': { subjectId: string; record: ConsentRecord | null };
}

export type AppEvent = keyof AppEvents;
