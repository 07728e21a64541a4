// The scale benchmark's world: N people's consent, warning state and inbox records produced straight
// to their compacted topics, and 90 nights of `daily` points written straight to a bucket of the
// run's own (not through the simulator or the ingest: building must take minutes, not hours), as
// the service leaves them: each with what the warnings judged the night against.
import { randomBytes, randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';
import type { Kafka } from 'kafkajs';
import type { JudgedNight } from '../../src/baseline/judged.night';
import { dailyLine, judgedLine } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import { asConfigEntries, prefixedTopicNames, topicsToCreate } from '../../src/kafka/topics.catalog';
import type { NightInput } from '../../src/night/night';
import type { InboxDoc } from '../../src/nudges/inbox/inbox.document';
import { SubjectSeal } from '../../src/nudges/inbox/inbox.subject-seal';
import { CATALOG_VERSION } from '../../src/nudges/suggestions/catalog';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { createPersonState, serializeState } from '../../src/warnings/person.state';
import { WARNING_PRESETS } from '../../src/warnings/warning.config';
import { encodeStateRecord, WarningStates } from '../../src/warnings/warning.states';
import { type OwnBucket, ownBucket } from '../../test/support/buckets';
import { progress } from './progress';

/** People per cohort: trends need ≥ k (10) consenting contributors per cohort. */
export const COHORT_SIZE = 250;

export interface ScaleWorld {
  n: number;
  subjects: string[];
  /** The subjects' pids, in the same order. */
  pids: string[];
  cohorts: string[];
  topics: Record<string, string>;
  bucket: OwnBucket;
  /** What the service needs on top of the stack's settings. */
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

const DAY_MS = 86_400_000;

export async function buildWorld(
  kafka: Kafka,
  stack: NodeJS.ProcessEnv,
  n: number,
  days: number,
  shardGroupDays = 0,
): Promise<ScaleWorld> {
  const runId = randomUUID().slice(0, 8);
  const prefix = `scale-${runId}-${n}`;
  const topics = prefixedTopicNames(prefix);
  const admin = kafka.admin();
  await admin.connect();
  // a loaded broker may not know a just-created topic when kafkajs asks for its leaders
  // (UNKNOWN_TOPIC_OR_PARTITION): asking again is safe, existing topics are left as they are
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topicsToCreate(topics).map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          configEntries: asConfigEntries(t.config),
        })),
      });
      break;
    } catch (err) {
      if (attempt === 5) throw err;
      await new Promise((r) => setTimeout(r, 2_000 * attempt));
    }
  }
  await admin.disconnect();
  const bucket = await ownBucket(stack, `scale-${n}`, { shardGroupDays });
  const key = { keyId: 's1', secret: randomBytes(24).toString('hex') };
  const pseudonymizer = new Pseudonymizer([key]);
  const seal = new SubjectSeal([key]);
  const subjects = Array.from({ length: n }, (_, i) => `scale-${runId}-${i}`);
  const pids = subjects.map((s) => pseudonymizer.pid(s));
  const cohortOf = (i: number) => `unit:s${Math.floor(i / COHORT_SIZE)}`;
  const cohorts = [...new Set(subjects.map((_, i) => cohortOf(i)))];
  const now = new Date();
  const yesterday = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);

  const producer = kafka.producer();
  await producer.connect();
  const state = encodeStateRecord({
    state: serializeState(createPersonState()).toString('base64'),
    lastNight: yesterday,
  });
  for (let i = 0; i < n; i += 2_000) {
    const slice = subjects
      .slice(i, i + 2_000)
      .map((subjectId, j) => ({ subjectId, pid: pids[i + j]!, i: i + j }));
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        {
          topic: topics.TOPIC_CONSENT!,
          messages: slice.map(({ subjectId, i: k }) => ({
            key: subjectId,
            value: JSON.stringify({
              subjectId,
              status: 'granted',
              scopes: ['ingest', 'early-warning', 'aggregate-trends'],
              cohorts: [cohortOf(k)],
              policyVersion: '2026-11',
              at: now.toISOString(),
              erase: false,
            }),
          })),
        },
        {
          topic: topics.TOPIC_WARNING_STATE!,
          messages: slice.map(({ pid }) => ({ key: pid, value: state })),
        },
        {
          topic: topics.TOPIC_INBOX!,
          messages: slice.map(({ subjectId, pid }) => ({
            key: pid,
            value: JSON.stringify(inboxDoc(seal.seal(subjectId, pid), now)),
          })),
        },
      ],
    });
    progress('state records', Math.min(n, i + 2_000), n);
  }
  await producer.disconnect();

  await writeDaily(stack, bucket.name, pids, days, now);

  return {
    n,
    subjects,
    pids,
    cohorts,
    topics,
    bucket,
    env: {
      ...topics,
      INFLUX_BUCKET: bucket.name,
      KAFKA_GROUP_ID: `${prefix}-g`,
      PSEUDONYM_KEYS: `${key.keyId}:${key.secret}`,
      TRENDS_COHORTS: cohorts.join(','),
      TRENDS_SALT: randomBytes(24).toString('hex'),
    },
    drop: async () => {
      await bucket.drop();
      const a = kafka.admin();
      await a.connect();
      await a.deleteTopics({ topics: topicsToCreate(topics).map((t) => t.topic) }).catch(() => undefined);
      await a.disconnect();
    },
  };
}

/**
 * `days` nights of `daily` points per pid (the nights before `now`; with `first` 0 the first is
 * the night that ends today), in requests of 20,000 lines, three in flight. Each point as the
 * service leaves it: with what the warnings judged the night against (#21), from the engine run
 * over the person's nights in order, `history` more nights before them included (those are not
 * written: a live night on top of a built world). `form` 'ingest' writes each point as ingest
 * does (without `judged`), 'judged' as the warnings then do (`judged` alone): a live night as the
 * service writes it is the two in turn, and was before #21's judgedLine 'ingest' then 'stored'.
 */
export async function writeDaily(
  stack: NodeJS.ProcessEnv,
  bucketName: string,
  pids: readonly string[],
  days: number,
  now: Date,
  first = 1,
  history = 0,
  form: 'stored' | 'ingest' | 'judged' = 'stored',
): Promise<void> {
  const influx = new InfluxDB({ url: stack.INFLUX_URL!, token: stack.INFLUX_TOKEN!, timeout: 120_000 });
  const writer = new PointWriter(influx, {
    INFLUX_URL: stack.INFLUX_URL!,
    INFLUX_TOKEN: stack.INFLUX_TOKEN!,
    INFLUX_ORG: stack.INFLUX_ORG ?? 'respite',
    INFLUX_BUCKET: bucketName,
    INFLUX_GZIP: false,
    INFLUX_WRITE_TIMEOUT_MS: 120_000,
  });
  const judged = judgedNights(now, first, days + history);
  const n = pids.length;
  const total = n * days;
  const perRequest = Math.max(1, Math.floor(20_000 / days));
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next < n) {
        const from = next;
        next += perRequest;
        const lines: string[] = [];
        for (let i = from; i < Math.min(n, from + perRequest); i++)
          for (let d = first; d < first + days; d++) {
            const [night, j] = judged(i, d);
            if (form === 'ingest') lines.push(dailyLine(pids[i]!, night));
            else if (form === 'stored') lines.push(dailyLine(pids[i]!, night, j));
            else if (j) lines.push(judgedLine(pids[i]!, night, j));
          }
        // a busy server answers a write with its own timeout (HTTP 500) now and then; the same
        // points again overwrite themselves, so the request is simply sent again
        for (let attempt = 1; ; attempt++) {
          try {
            await writer.write(lines);
            break;
          } catch (err) {
            if (attempt === 5) throw err;
            await new Promise((r) => setTimeout(r, 2_000 * attempt));
          }
        }
        written += lines.length;
        progress('daily points', written, total);
      }
    }),
  );
}

/** Variants of a person's nights: person i lives variant i × 7919 mod 1000 (no RNG needed). */
const VARIANTS = 1_000;

/**
 * Person i's night `d` days before `now`, with what it was judged against: the warnings' own
 * engine and judgement (WarningStates), run over the `span` nights from `first` on, oldest first.
 * The nights depend on i only through its variant, and the engine is deterministic, so it runs
 * once per variant (1,000 × span nights), not once per person.
 */
function judgedNights(now: Date, first: number, span: number) {
  const variants = new Map<number, Map<number, [NightInput, JudgedNight | undefined]>>();
  const nightOf = (variant: number, d: number): NightInput => {
    const w = (variant + d * 104_729) % 1000; // deterministic spread
    return {
      wakeDate: new Date(now.getTime() - d * DAY_MS).toISOString().slice(0, 10),
      source: 'oura',
      lnRmssd: 3.4 + w / 2500,
      rhrBpm: 52 + (w % 12),
      sleepH: 6 + (w % 20) / 10,
      efficiency: 0.85 + (w % 10) / 100,
      midpointMin: 180 + (w % 60),
      utcOffsetMinutes: 60,
    };
  };
  return (i: number, d: number): [NightInput, JudgedNight | undefined] => {
    const variant = (i * 7919) % VARIANTS;
    let nights = variants.get(variant);
    if (!nights) {
      nights = new Map();
      const states = new WarningStates(WARNING_PRESETS.default);
      for (let k = first + span - 1; k >= first; k--) {
        const night = nightOf(variant, k);
        const v = states.evaluate('p', night);
        nights.set(k, [
          night,
          v.status === 'evaluated' || v.status === 'held' ? states.judged('p') : undefined,
        ]);
      }
      variants.set(variant, nights);
    }
    return nights.get(d)!;
  };
}

/** An inbox as a person has it after a few weeks: two delivered nudges, one answered. */
export function inboxDoc(subject: string, now: Date): InboxDoc {
  const nudge = (daysAgo: number) => {
    const at = new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
    return {
      nudge: {
        nudgeId: randomUUID(),
        asOf: at.slice(0, 10),
        createdAt: at,
        level: 'watch' as const,
        catalogVersion: CATALOG_VERSION,
        signals: [
          {
            signal: 'hrv' as const,
            value: 3.41,
            baseline: 3.8,
            band: [3.62, 3.98] as [number, number],
            days: 4,
          },
        ],
        message: 'Your heart-rate variability has been below your usual range for a few nights.',
        suggestions: [
          {
            id: 'breathing-90s',
            title: '90-second reset',
            text: 'Breathe out slowly, longer than you breathe in, for a minute and a half.',
            minutes: 2,
            category: 'micro-recovery' as const,
            evidence: 'Slow breathing lowers arousal within minutes.',
          },
        ],
      },
      deliverAt: at,
      deliveredAt: at,
      feedback: (daysAgo > 20 ? { 'breathing-90s': true } : {}) as Record<string, boolean>,
    };
  };
  return {
    v: 1,
    subject,
    state: { v: 1, recent: [], arms: {} },
    nudges: [nudge(30), nudge(9)],
    subscriptions: [],
  };
}
