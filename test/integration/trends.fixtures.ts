import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { TestEnv } from '../support/harness';

/**
 * Simulated nights for the trend tests: wake-up dates D−30..D−1 (D = today, UTC). Up to D−3 each
 * person sleeps 7.5 h around their own normal (RMSSD base·(1 ± 0.05), RHR 55–57, median 56); the
 * last two nights they sleep 6.5 h with RMSSD at 65 % of base and RHR 60. So a period on one of the
 * last nights has, for everyone: HRV deviation ln 0.65 ≈ −0.43 (outside the normal band, ±1 MAD scale ≈ 0.07), RHR +4 bpm.
 */
export const NIGHTS = 30;
const DAY_MS = 86_400_000;

export function wakeDate(daysAgo: number, now = Date.now()): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

export function sleepNight(subjectId: string, base: number, daysAgo: number) {
  const wake = wakeDate(daysAgo);
  const n = NIGHTS - daysAgo; // 0..29, oldest first
  const last = daysAgo <= 2;
  const wobble = [0.05, -0.05, 0][n % 3]!;
  const value = {
    schema: 'sleep.v1',
    readingId: randomUUID(),
    subjectId,
    source: 'oura',
    startAt: `${wakeDate(daysAgo + 1)}T23:00:00+00:00`,
    endAt: `${wake}T07:00:00+00:00`,
    isMainSleep: true,
    stagesMin: last
      ? { awake: 20, light: 240, deep: 60, rem: 90 }
      : { awake: 20, light: 300, deep: 60, rem: 90 },
    restingHrBpm: last ? 60 : 55 + (n % 3),
    avgRmssdMs: last ? base * 0.65 : base * (1 + wobble),
  };
  return { key: subjectId, value: JSON.stringify(value) };
}

/** The record the 25-person cohort publishes for one of the last nights. */
export function expectedRecord(cohortId: string, night: string, contributors: number) {
  return {
    cohortId,
    period: { start: night, end: night },
    contributors,
    metrics: {
      hrvDeviationMedian: -0.4,
      shareOutsideNormal: 1,
      sleepHoursMedian: 6.5,
      rhrDeviationMedian: 4,
    },
    privacy: { k: 10, epsilon: 0, suppressed: [] },
  };
}

/** Every record on a topic, read from the beginning by a throwaway consumer. */
export async function readTopic(t: TestEnv, topic: string): Promise<{ key: string; value: string | null }[]> {
  const admin = t.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const expected = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const out: { key: string; value: string | null }[] = [];
  if (expected === 0) return out;
  const consumer = t.kafka.consumer({ groupId: `${t.prefix}-probe-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? null });
      if (out.length >= expected) done();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([all, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
  clearTimeout(timer);
  await consumer.disconnect();
  return out;
}

/** How many records a topic holds (its high watermarks): exact, no waiting. */
export async function countRecords(t: TestEnv, topic: string): Promise<number> {
  const admin = t.kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export function client(app: () => INestApplication) {
  return async (path: string, token?: string, body?: unknown, method = 'GET') => {
    const port = (app().getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: json as never };
  };
}
