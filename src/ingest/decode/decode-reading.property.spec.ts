import fc from 'fast-check';
import { PLAUSIBLE } from './canonical.schema';
import { decode, hrv, json, nowMs, SUBJECT, sleep } from './decode.fixtures';
import { type DecodeResult, REJECT_CODES, type Reading, type TopicKind } from './reading.types';

function expectPlausible(r: Reading): void {
  const within = (v: number | undefined, range: { min: number; max: number }) =>
    v === undefined || (Number.isFinite(v) && v >= range.min && v <= range.max);
  expect(Number.isFinite(r.kind === 'hrv' ? r.measuredAtMs : r.endAtMs)).toBe(true);
  expect(r.subjectId.length).toBeGreaterThan(0);
  if (r.kind === 'hrv') {
    expect(r.rmssdMs !== undefined || r.sdnnMs !== undefined || (r.rrIntervalsMs?.length ?? 0) > 0).toBe(
      true,
    );
    expect(within(r.rmssdMs, PLAUSIBLE.hrvMs) && within(r.sdnnMs, PLAUSIBLE.hrvMs)).toBe(true);
    expect((r.rrIntervalsMs ?? []).every((rr) => within(rr, PLAUSIBLE.rrMs))).toBe(true);
    expect(within(r.restingHrBpm, PLAUSIBLE.heartRateBpm)).toBe(true);
    expect(r.measuredAtMs).toBeLessThanOrEqual(nowMs + 24 * 3600 * 1000);
  } else {
    expect(r.endAtMs).toBeGreaterThan(r.startAtMs);
    expect(r.endAtMs - r.startAtMs).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(within(r.efficiency, PLAUSIBLE.efficiency) && within(r.restingHrBpm, PLAUSIBLE.heartRateBpm)).toBe(
      true,
    );
    expect(Object.values(r.stagesMin ?? {}).every((m) => within(m, PLAUSIBLE.stageMinutes))).toBe(true);
  }
  expect(r.kind === 'hrv' ? r.measuredAtMs : r.startAtMs).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
}

function expectWellFormed(r: DecodeResult): void {
  if (r.ok) {
    expectPlausible(r.reading);
  } else {
    expect(REJECT_CODES).toContain(r.error.code);
    expect(typeof r.error.message).toBe('string');
    expect(typeof r.error.path).toBe('string');
  }
}

describe('decodeReading properties', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom<TopicKind>('hrv', 'sleep'),
        (bytes, topic) => {
          expectWellFormed(decode(topic, SUBJECT, Buffer.from(bytes)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON values, with or without a key', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.option(fc.string()),
        fc.constantFrom<TopicKind>('hrv', 'sleep'),
        (v, key, topic) => {
          expectWellFormed(decode(topic, key, Buffer.from(JSON.stringify(v) ?? 'null')));
        },
      ),
      { numRuns: 300 },
    );
  });

  const anyNumber = fc.oneof(fc.double(), fc.integer({ min: -10, max: 3000 }), fc.constant(null));
  it('returns only plausible hrv readings', () => {
    fc.assert(
      fc.property(
        fc.record({
          rmssdMs: anyNumber,
          sdnnMs: anyNumber,
          restingHrBpm: anyNumber,
          windowSeconds: anyNumber,
          rrIntervalsMs: fc.oneof(
            fc.constant(null),
            fc.array(fc.oneof(fc.double(), fc.integer({ min: 200, max: 2600 })), { maxLength: 20 }),
          ),
          measuredAt: fc
            .date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString()),
        }),
        (over) => expectWellFormed(decode('hrv', SUBJECT, json(hrv(over)))),
      ),
      { numRuns: 300 },
    );
  });

  it('returns only plausible sleep readings', () => {
    const stage = fc.oneof(fc.integer({ min: -5, max: 1500 }), fc.double(), fc.constant(null));
    const time = fc.date({ min: new Date('1999-12-30'), max: new Date('2026-11-25'), noInvalidDate: true });
    fc.assert(
      fc.property(
        fc.record({
          startAt: time.map((d) => d.toISOString()),
          endAt: time.map((d) => d.toISOString()),
          efficiency: anyNumber,
          restingHrBpm: anyNumber,
          stagesMin: fc.record({ awake: stage, light: stage, deep: stage, rem: stage }, { requiredKeys: [] }),
        }),
        (over) => expectWellFormed(decode('sleep', SUBJECT, json(sleep(over)))),
      ),
      { numRuns: 300 },
    );
  });

  it('never puts the subjectId, deviceId or payload text into the message', () => {
    const secret = fc.string({ minLength: 4, maxLength: 40 }).map((s) => `ξ${s}`);
    fc.assert(
      fc.property(
        secret,
        secret,
        fc.constantFrom('rmssdMs', 'measuredAt', 'source', 'readingId'),
        (subjectId, deviceId, field) => {
          const value = json(hrv({ subjectId, deviceId, [field]: `${subjectId}${deviceId}` }));
          for (const key of [null, subjectId, 'another']) {
            const r = decode('hrv', key, value);
            if (!r.ok) {
              expect(r.error.message).not.toContain(subjectId);
              expect(r.error.message).not.toContain(deviceId);
              expect(r.error.path).not.toContain(subjectId);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
