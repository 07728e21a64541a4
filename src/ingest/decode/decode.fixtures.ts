// Shared by the decoder specs: one clock, one subject, and the valid canonical readings that each
// spec varies. Not a spec itself.
import { decodeReading } from './decode-reading';
import type { TopicKind } from './reading.types';

export const nowMs = Date.parse('2026-11-22T12:00:00Z');
export const SUBJECT = 'subject-7f3a';
export const KEY = SUBJECT;

export const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** Decodes raw bytes (or a tombstone) as they would arrive from Kafka. */
export const decode = (topic: TopicKind, key: string | null, value: Buffer | null) =>
  decodeReading(topic, key, value, { nowMs });

/** Decodes a vendor or canonical object keyed by the fixture subject. */
export const decodeObject = (topic: TopicKind, value: unknown, key: string | null = KEY) =>
  decodeReading(topic, key, json(value), { nowMs });

export const rejected = (code: string, path: string) => ({
  ok: false,
  error: expect.objectContaining({ code, path }),
});

export const hrv = (over: Record<string, unknown> = {}) => ({
  schema: 'hrv.v1',
  readingId: '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a',
  subjectId: SUBJECT,
  source: 'polar',
  measuredAt: '2026-11-20T03:10:00+01:00',
  rrIntervalsMs: [812, 790, 805],
  ...over,
});

export const sleep = (over: Record<string, unknown> = {}) => ({
  schema: 'sleep.v1',
  readingId: '3b0d7f1e-2c4a-4e8b-9a6d-5f1c2e3d4b5a',
  subjectId: SUBJECT,
  source: 'whoop',
  startAt: '2026-11-19T23:05:00+01:00',
  endAt: '2026-11-20T06:47:00+01:00',
  isMainSleep: false,
  ...over,
});
