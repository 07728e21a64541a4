// The in-process hand-off from warnings to nudge delivery: one request per night whose verdict asked
// for a nudge. Delivery (quiet hours, inbox, nudges.v1) belongs to src/nudges; warnings only decide.
import { Injectable, Logger } from '@nestjs/common';

export interface NudgeRequest {
  /** Needed for nudges.v1 (key subjectId) and the person's own inbox; never logged. */
  subjectId: string;
  /** Pseudonym: the only identity for logs and metrics. */
  pid: string;
  /** The evaluated night, named by its local wake date (YYYY-MM-DD): event time, as nudges.v1 `asOf`. */
  asOf: string;
  level: 'watch' | 'warning';
  /** As nudges.v1 `signals`: the signals off their band (all available ones when none is). */
  signals: {
    signal: 'hrv' | 'rhr' | 'sleep';
    value: number;
    baseline: number;
    band: [number, number];
    days: number;
  }[];
  /** UTC offset (minutes) at the end of that night's sleep: a hint for quiet hours when no zone is known. */
  timeZoneHint?: number;
}

export type NudgeRequestListener = (req: NudgeRequest) => void | Promise<void>;

/**
 * Emitter of NudgeRequests. `emit` awaits every listener in turn and passes a listener's error on:
 * it runs inside the ingest batch, before the night's state is written to the changelog and the
 * offsets are committed, so a failure retries the batch. Delivery is therefore at least once: after
 * a failure or a crash in between, the same night (subjectId + asOf) can be asked for again, and a
 * listener that keeps nudges should treat that pair as the request's identity. A night already in
 * the changelog is never asked for again.
 */
@Injectable()
export class NudgeRequests {
  private readonly log = new Logger(NudgeRequests.name);
  private readonly listeners: NudgeRequestListener[] = [];

  /** Returns a function that removes the listener. */
  on(listener: NudgeRequestListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async emit(req: NudgeRequest): Promise<void> {
    if (this.listeners.length === 0) this.log.warn(`nudge request for ${req.pid} with no listener`);
    for (const listener of [...this.listeners]) await listener(req);
  }
}
