import type { RawRecord } from '../kafka/kafka.types';
import { hrv, json, nowMs, sleep } from './decode/decode.fixtures';
import { bundle, observation, rmssdObservation, sdnnObservation } from './decode/fhir.fixtures';
import { UCUM } from './decode/fhir.schema';
import { dataPoint } from './decode/openmhealth.conformance.fixtures';
import { hrvFromRr } from './hrv.metrics';
import {
  batchLines,
  consentedSince,
  type PipelineDeps,
  processBatch,
  stillConsented,
  storedCounts,
} from './ingest.pipeline';

const record = (topic: string, subjectId: string, value: Buffer, offset = 0): RawRecord => ({
  topic,
  partition: 0,
  offset: String(offset),
  key: Buffer.from(subjectId),
  value,
  timestampMs: nowMs,
});

const beat = (i: number, ms: number) =>
  dataPoint(
    'rr-interval',
    '1.0',
    {
      rr_interval: { value: ms, unit: 'ms' },
      effective_time_frame: { date_time: `2026-11-20T03:10:${String(i).padStart(2, '0')}+01:00` },
    },
    `rr-${i}`,
  );

const PIDS: Record<string, string> = { ann: 'p-1', bob: 'p-2', cy: 'p-3' };

const deps = (consenting: Set<string>): PipelineDeps => ({
  kindOf: (t) => (t === 'hrv-topic' ? 'hrv' : t === 'sleep-topic' ? 'sleep' : undefined),
  consents: (s) => consenting.has(s),
  pid: (s) => PIDS[s] ?? 'p-unknown',
  nowMs,
  maxBytes: 262_144,
  maxFutureMs: 86_400_000,
});

const batch = [
  record('hrv-topic', 'ann', json(hrv({ subjectId: 'ann', rrIntervalsMs: undefined, rmssdMs: 40 }))),
  record('sleep-topic', 'ann', json(sleep({ subjectId: 'ann', isMainSleep: true })), 1),
  record('hrv-topic', 'bob', json(hrv({ subjectId: 'bob', rrIntervalsMs: undefined, rmssdMs: 50 })), 2),
  record('hrv-topic', 'cy', json(hrv({ subjectId: 'cy', rrIntervalsMs: undefined, rmssdMs: 60 })), 3),
  record('hrv-topic', 'bob', Buffer.from('{"not json'), 4),
];

describe('processBatch', () => {
  it('stores consenting people pseudonymized, drops the others uncounted as letters, dead-letters bad input', () => {
    const out = processBatch(batch, deps(new Set(['ann', 'bob'])));
    expect(out.accepted.map((a) => a.pid)).toEqual(['p-1', 'p-1', 'p-2']);
    expect(storedCounts(out)).toEqual({ hrv: 2, sleep: 1 });
    expect(out.droppedNoConsent).toEqual({ hrv: 1, sleep: 0 });
    expect(out.deadLetters.map((d) => d.error.code)).toEqual(['MALFORMED_JSON']);
    // main sleep makes a sleep point and the night's daily point
    expect(out.accepted.map((a) => a.lines.length)).toEqual([1, 2, 1]);
    expect(batchLines(out)).toHaveLength(4);
    expect(out.accepted.map((a) => a.record.offset)).toEqual(['0', '1', '2']);
    expect(batchLines(out).join('\n')).not.toMatch(/ann|bob|p-3/);
  });

  it('gates a reading without a key by its subjectId, checking each person once', () => {
    const unkeyed = (subjectId: string, offset: number): RawRecord => ({
      ...record(
        'hrv-topic',
        subjectId,
        json(hrv({ subjectId, rrIntervalsMs: undefined, rmssdMs: 45 })),
        offset,
      ),
      key: null,
    });
    const asked: string[] = [];
    const d = deps(new Set(['ann']));
    const out = processBatch([unkeyed('ann', 0), unkeyed('cy', 1), batch[0]!], {
      ...d,
      consents: (s) => {
        asked.push(s);
        return d.consents(s);
      },
    });
    expect(out.accepted.map((a) => a.pid)).toEqual(['p-1', 'p-1']);
    expect(out.droppedNoConsent).toEqual({ hrv: 1, sleep: 0 });
    expect(asked).toEqual(['ann', 'cy', 'ann']);
  });
});

describe('stillConsented', () => {
  it('drops the lines of people whose consent ended after the batch was prepared, and counts them', () => {
    const out = processBatch(batch, deps(new Set(['ann', 'bob'])));
    const later = stillConsented(out, (s) => s === 'bob');
    expect(later.accepted.map((a) => a.pid)).toEqual(['p-2']);
    expect(batchLines(later)).toEqual(out.accepted[2]!.lines);
    expect(later.accepted.map((a) => a.record)).toEqual([out.accepted[2]!.record]);
    expect(storedCounts(later)).toEqual({ hrv: 1, sleep: 0 });
    expect(later.droppedNoConsent).toEqual({ hrv: 2, sleep: 1 });
    expect(later.deadLetters).toBe(out.deadLetters);
  });

  it('returns the outcome itself when everyone still consents', () => {
    const out = processBatch(batch, deps(new Set(['ann', 'bob'])));
    expect(stillConsented(out, () => true)).toBe(out);
  });
});

describe('consentedSince', () => {
  it('checks nobody again while the consent version is the one the batch was gated at', () => {
    const out = processBatch(batch, deps(new Set(['ann', 'bob'])));
    const asked: string[] = [];
    const allows = (s: string) => {
      asked.push(s);
      return s === 'bob';
    };
    expect(consentedSince(out, 7, { version: 7, allows })).toBe(out);
    expect(asked).toEqual([]);
    const later = consentedSince(out, 7, { version: 8, allows });
    expect(later.accepted.map((a) => a.pid)).toEqual(['p-2']);
    expect(asked.length).toBe(3);
  });
});

describe('processBatch: messages of several readings and RR series', () => {
  it('stores each good entry of a FHIR Bundle and dead-letters the message once for its bad ones', () => {
    const badUnit = rmssdObservation({
      id: 'bad',
      valueQuantity: { value: 41, unit: 'bpm', system: UCUM, code: 'ms' },
    });
    const value = json(bundle([observation(), sdnnObservation(), badUnit, rmssdObservation()]));
    const out = processBatch([record('hrv-topic', 'ann', value, 9)], deps(new Set(['ann'])));
    expect(out.accepted.map((a) => [a.pid, a.record.offset])).toEqual([
      ['p-1', '9'],
      ['p-1', '9'],
      ['p-1', '9'],
    ]);
    expect(batchLines(out).map((l) => l.split(' ')[1])).toEqual([
      'resting_hr_bpm=52,utc_offset_min=60',
      'sdnn_ms=48.5,window_s=300,utc_offset_min=60',
      'rmssd_ms=41.2,utc_offset_min=60',
    ]);
    expect(out.deadLetters).toEqual([
      {
        record: expect.objectContaining({ offset: '9' }),
        error: expect.objectContaining({ path: 'entry[2].resource.valueQuantity.unit' }),
      },
    ]);
  });

  it('drops a whole Bundle of someone without consent, uncounted as a letter', () => {
    const out = processBatch(
      [record('hrv-topic', 'cy', json(bundle([observation(), observation()])))],
      deps(new Set()),
    );
    expect(out.accepted).toEqual([]);
    expect(out.deadLetters).toEqual([]);
    expect(out.droppedNoConsent).toEqual({ hrv: 1, sleep: 0 });
  });

  it('computes RMSSD and SDNN from an Open mHealth rr-interval series; too short a series is RR_UNUSABLE', () => {
    const rr = [812, 790, 805, 830, 818, 801, 795, 809, 822, 815, 799, 806];
    const series = (n: number) => json(rr.slice(0, n).map((ms, i) => beat(i, ms)));
    const out = processBatch(
      [record('hrv-topic', 'ann', series(12)), record('hrv-topic', 'ann', series(5), 1)],
      deps(new Set(['ann'])),
    );
    const expected = hrvFromRr(rr)!;
    expect(out.accepted).toHaveLength(1);
    expect(out.accepted[0]!.lines[0]).toContain(`rmssd_ms=${expected.rmssdMs},sdnn_ms=${expected.sdnnMs}`);
    // held until InfluxDB acknowledges the batch: the series itself is not, its HRV is
    expect(out.accepted[0]!.fromRr).toEqual(expected);
    expect(out.accepted[0]!.reading).toMatchObject({ kind: 'hrv', rrIntervalsMs: undefined });
    expect(out.deadLetters.map((d) => [d.error.code, d.error.path])).toEqual([
      ['RR_UNUSABLE', 'rrIntervalsMs'],
    ]);
  });
});
