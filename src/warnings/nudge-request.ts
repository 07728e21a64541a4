// The in-process hand-off from warnings to nudge delivery (the `nudge.requested` event, src/events):
// one request per night whose verdict asked for a nudge. Delivery (quiet hours, inbox, nudges.v1)
// belongs to src/nudges; warnings only decide. The event is awaited inside the ingest batch, before
// the night's state is written to the changelog and the offsets are committed, so a failure retries
// the batch: delivery is at least once, and a listener that keeps nudges treats subjectId + asOf as
// the request's identity. A night already in the changelog is never asked for again.

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
  /** What the person's own answers changed for this night (#20); absent: nothing did. */
  personal?: { raised: boolean; checkInsAgree: boolean };
}
