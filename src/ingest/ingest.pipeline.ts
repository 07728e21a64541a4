import { dailyLine, hrvLine, sleepLine } from '../influx/influx.lines';
import type { RawRecord } from '../kafka/kafka.types';
import { assembleNight } from '../night/night.assemble';
import { decodeMessage } from './decode/decode-reading';
import type { Reading, RejectCode, Rejection } from './decode/reading.types';
import { type HrvFromRr, hrvFromRr, MIN_BEATS } from './hrv.metrics';

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

/** Decoding's codes, plus what only storing can tell. */
export type IngestRejection = Omit<Rejection, 'code'> & {
  code: RejectCode | 'STORE_REJECTED';
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
  /** Where Kafka holds it (a night waits for the HRV produced before its sleep record). */
  record?: Pick<RawRecord, 'partition' | 'offset' | 'timestampMs'>;
}

/** An accepted reading with what storing it takes: its line-protocol lines and its Kafka record. */
export interface AcceptedReading extends StoredReading {
  lines: string[];
  record: RawRecord;
}

export interface BatchOutcome {
  /** In partition order. */
  accepted: AcceptedReading[];
  deadLetters: DeadLetter[];
  droppedNoConsent: Record<ReadingKind, number>;
}

/** The batch's lines, in partition order: what one write to InfluxDB carries. */
export function batchLines(out: BatchOutcome): string[] {
  return out.accepted.flatMap((a) => a.lines);
}

/** Readings stored per kind. */
export function storedCounts(out: BatchOutcome): Record<ReadingKind, number> {
  const stored = { hrv: 0, sleep: 0 };
  for (const a of out.accepted) stored[a.reading.kind]++;
  return stored;
}

/**
 * The pure part of ingest: decode → validate → consent gate → pseudonymize → line protocol, for a
 * whole batch. A reading of someone without active consent is dropped and counted before anything
 * else happens to it, and never dead-lettered (that would store their payload).
 */
export function processBatch(records: readonly RawRecord[], d: PipelineDeps): BatchOutcome {
  const out: BatchOutcome = { accepted: [], deadLetters: [], droppedNoConsent: { hrv: 0, sleep: 0 } };
  for (const record of records) {
    const kind = d.kindOf(record.topic);
    if (!kind) continue;
    const key = record.key === null ? null : record.key.toString('utf8');
    if (key !== null && key.length > 0 && !d.consents(key)) {
      out.droppedNoConsent[kind]++;
      continue;
    }
    const decoded = decodeMessage(kind, key, record.value, {
      nowMs: d.nowMs,
      maxBytes: d.maxBytes,
      maxFutureMs: d.maxFutureMs,
    });
    if (decoded.ok === true) {
      accept(out, record, key, kind, decoded.reading, d);
    } else if (decoded.ok === false) {
      out.deadLetters.push({ record, error: decoded.error });
    } else {
      // A Bundle: its good entries are stored, and the message is dead-lettered once if any was not.
      for (const reading of decoded.readings) accept(out, record, key, kind, reading, d);
      if (decoded.rejected) out.deadLetters.push({ record, error: decoded.rejected });
    }
  }
  return out;
}

/** One decoded reading: consent gate, pid, lines; or a dead letter when its RR intervals are unusable. */
function accept(
  out: BatchOutcome,
  record: RawRecord,
  key: string | null,
  kind: ReadingKind,
  reading: Reading,
  d: PipelineDeps,
): void {
  // a keyed reading's subjectId is its key (decoding refuses a mismatch), checked before decoding
  if ((key === null || key.length === 0) && !d.consents(reading.subjectId)) {
    out.droppedNoConsent[kind]++;
    return;
  }
  const pid = d.pid(reading.subjectId);
  if (reading.kind === 'hrv') {
    const fromRr = reading.rrIntervalsMs ? hrvFromRr(reading.rrIntervalsMs) : null;
    if (reading.rrIntervalsMs && !fromRr && reading.rmssdMs === undefined && reading.sdnnMs === undefined) {
      out.deadLetters.push({
        record,
        error: {
          code: 'RR_UNUSABLE',
          message: `too few beats (at least ${MIN_BEATS}) or too many artefacts to compute HRV`,
          path: 'rrIntervalsMs',
        },
      });
      return;
    }
    const lines = [hrvLine(pid, reading, fromRr)];
    // The RR series (~1 KB per 2-minute window) is done with: what acts on stored readings takes
    // fromRr, and the reading is held until InfluxDB acknowledges the batch.
    if (reading.rrIntervalsMs) reading.rrIntervalsMs = undefined;
    out.accepted.push({ pid, reading, fromRr, lines, record });
  } else {
    const night = assembleNight(reading, []);
    const lines = night ? [sleepLine(pid, reading), dailyLine(pid, night)] : [sleepLine(pid, reading)];
    out.accepted.push({ pid, reading, fromRr: null, lines, record });
  }
}

/**
 * The outcome without the readings of people whose consent ended after it was prepared: their
 * lines are dropped and counted as dropped for lack of consent. Returns `out` itself when nobody's did.
 */
export function stillConsented(out: BatchOutcome, consents: (subjectId: string) => boolean): BatchOutcome {
  const accepted: AcceptedReading[] = [];
  const droppedNoConsent = { ...out.droppedNoConsent };
  for (const a of out.accepted) {
    if (consents(a.reading.subjectId)) accepted.push(a);
    else droppedNoConsent[a.reading.kind]++;
  }
  return accepted.length === out.accepted.length ? out : { ...out, accepted, droppedNoConsent };
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
