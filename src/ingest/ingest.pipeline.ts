import type { RawRecord } from '../kafka/kafka.types';
import { decodeReading } from './decode/decode-reading';
import type { Reading, RejectCode, Rejection } from './decode/reading.types';
import { type HrvFromRr, hrvFromRr } from './hrv.metrics';
import { dailyLine, hrvLine, sleepLine } from './reading.points';

export type ReadingKind = 'hrv' | 'sleep';

export interface PipelineDeps {
  kindOf: (topic: string) => ReadingKind | undefined;
  /** Is the person's `ingest` consent active now? */
  consents: (subjectId: string) => boolean;
  pid: (subjectId: string) => string;
  nowMs: number;
  maxBytes: number;
  maxFutureMs: number;
}

/** Decoding's codes, plus what only the pipeline can tell: RR intervals too noisy to use. */
export type IngestRejection = Omit<Rejection, 'code'> & {
  code: RejectCode | 'RR_UNUSABLE' | 'STORE_REJECTED';
};

export interface DeadLetter {
  record: RawRecord;
  error: IngestRejection;
}

/** A reading whose points are in the batch, for what acts on stored data (warnings). */
export interface StoredReading {
  pid: string;
  reading: Reading;
  /** HRV computed from the reading's RR intervals, if it had them. */
  fromRr: HrvFromRr | null;
}

export interface BatchOutcome {
  lines: string[];
  /** In partition order. */
  accepted: StoredReading[];
  /** Each accepted reading's own lines (the same index as `accepted`; all of them are in `lines`). */
  linesOf: string[][];
  /** Each accepted reading's Kafka record (the same index as `accepted`). */
  recordOf: RawRecord[];
  deadLetters: DeadLetter[];
  stored: Record<ReadingKind, number>;
  droppedNoConsent: Record<ReadingKind, number>;
}

/**
 * The pure part of ingest: decode → validate → consent gate → pseudonymize → line protocol, for a
 * whole batch. A reading of someone without active consent is dropped and counted before anything
 * else happens to it, and never dead-lettered (that would store their payload).
 */
export function processBatch(records: readonly RawRecord[], d: PipelineDeps): BatchOutcome {
  const out: BatchOutcome = {
    lines: [],
    accepted: [],
    linesOf: [],
    recordOf: [],
    deadLetters: [],
    stored: { hrv: 0, sleep: 0 },
    droppedNoConsent: { hrv: 0, sleep: 0 },
  };
  for (const record of records) {
    const kind = d.kindOf(record.topic);
    if (!kind) continue;
    const key = record.key === null ? null : record.key.toString('utf8');
    if (key !== null && key.length > 0 && !d.consents(key)) {
      out.droppedNoConsent[kind]++;
      continue;
    }
    const decoded = decodeReading(kind, key, record.value, {
      nowMs: d.nowMs,
      maxBytes: d.maxBytes,
      maxFutureMs: d.maxFutureMs,
    });
    if (!decoded.ok) {
      out.deadLetters.push({ record, error: decoded.error });
      continue;
    }
    const reading = decoded.reading;
    // a keyed reading's subjectId is its key (decoding refuses a mismatch), checked above
    if ((key === null || key.length === 0) && !d.consents(reading.subjectId)) {
      out.droppedNoConsent[kind]++;
      continue;
    }
    const pid = d.pid(reading.subjectId);
    if (reading.kind === 'hrv') {
      const fromRr = reading.rrIntervalsMs ? hrvFromRr(reading.rrIntervalsMs) : null;
      if (reading.rrIntervalsMs && !fromRr && reading.rmssdMs === undefined && reading.sdnnMs === undefined) {
        out.deadLetters.push({
          record,
          error: {
            code: 'RR_UNUSABLE',
            message: 'too few beats or too many artefacts to compute HRV',
            path: 'rrIntervalsMs',
          },
        });
        continue;
      }
      const line = hrvLine(pid, reading, fromRr);
      out.lines.push(line);
      out.accepted.push({ pid, reading, fromRr });
      out.linesOf.push([line]);
      out.recordOf.push(record);
    } else {
      const daily = dailyLine(pid, reading);
      const lines = daily ? [sleepLine(pid, reading), daily] : [sleepLine(pid, reading)];
      out.lines.push(...lines);
      out.accepted.push({ pid, reading, fromRr: null });
      out.linesOf.push(lines);
      out.recordOf.push(record);
    }
    out.stored[kind]++;
  }
  return out;
}

/**
 * The outcome without the readings of people whose consent ended after it was prepared: their
 * lines are dropped and counted as dropped for lack of consent. Returns `out` itself when nobody's did.
 */
export function stillConsented(out: BatchOutcome, consents: (subjectId: string) => boolean): BatchOutcome {
  const keep = out.accepted.map((a) => consents(a.reading.subjectId));
  if (!keep.includes(false)) return out;
  const accepted = out.accepted.filter((_, i) => keep[i]);
  const linesOf = out.linesOf.filter((_, i) => keep[i]);
  const recordOf = out.recordOf.filter((_, i) => keep[i]);
  const stored = { hrv: 0, sleep: 0 };
  for (const a of accepted) stored[a.reading.kind]++;
  return {
    ...out,
    lines: linesOf.flat(),
    accepted,
    linesOf,
    recordOf,
    stored,
    droppedNoConsent: {
      hrv: out.droppedNoConsent.hrv + out.stored.hrv - stored.hrv,
      sleep: out.droppedNoConsent.sleep + out.stored.sleep - stored.sleep,
    },
  };
}

/** What `stillConsented` needs of the consent view. */
export interface ConsentNow {
  /** Changes with every consent change. */
  readonly version: number;
  allows: (subjectId: string) => boolean;
}

/**
 * `stillConsented`, skipped when nobody's consent changed since the batch was gated (`version`
 * then): the common case, and a lookup per reading saved.
 */
export function consentedSince(out: BatchOutcome, version: number, now: ConsentNow): BatchOutcome {
  return now.version === version ? out : stillConsented(out, now.allows);
}
