// Every Kafka topic Respite reads or writes, once: its config variable, default name, kind, cleanup
// policy, retention and partitions. The service's config, scripts/stack/create-topics.ts, the test
// harness, the bench and the k8s manifest checks all read this table; adding a topic is one entry.
// Plain data (no kafkajs), so scripts and checks can import it without side effects.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type TopicKind =
  /** Wearable readings in; each gets a dead-letter topic. */
  | 'readings'
  /** Append-only records for others to read (nudges.v1, trends.v1). */
  | 'feed'
  /** Compacted: the latest record per key is the truth; a null value (tombstone) deletes it. */
  | 'compacted-log';

export interface TopicDef {
  /** The environment variable that names the topic (src/config/config.schema.ts). */
  env: `TOPIC_${string}`;
  /** Its default name (DESIGN §2 for the contract topics). */
  name: string;
  kind: TopicKind;
  /**
   * retention.ms: undefined keeps the broker's default, -1 keeps records for ever. On a compacted
   * log it makes the policy compact,delete: the latest record per key, and none older than this.
   */
  retentionMs?: number;
  /** segment.ms: retention and compaction act on closed segments only, so this bounds their delay. */
  segmentMs?: number;
  /** How long a tombstone stays readable (delete.retention.ms), for compacted logs. */
  tombstoneMs?: number;
  /** min.compaction.lag.ms, for compacted logs whose latest record must win soon. */
  compactionLagMs?: number;
  partitions: number;
  /** Why it is kept so (a comment that travels with the entry). */
  note: string;
}

/** The readings topics' partitions bound the useful ingest replicas (k8s/hpa.yaml). */
export const PARTITIONS = 6;

export const TOPICS = {
  hrv: {
    env: 'TOPIC_HRV',
    name: 'wearables.hrv.v1',
    kind: 'readings',
    retentionMs: 7 * DAY_MS,
    segmentMs: DAY_MS,
    partitions: PARTITIONS,
    note: 'HRV readings, key subjectId: raw, with the subjectId, so a week at most (daily segments)',
  },
  sleep: {
    env: 'TOPIC_SLEEP',
    name: 'wearables.sleep.v1',
    kind: 'readings',
    retentionMs: 7 * DAY_MS,
    segmentMs: DAY_MS,
    partitions: PARTITIONS,
    note: 'sleep sessions, key subjectId: raw, with the subjectId, so a week at most (daily segments)',
  },
  consent: {
    env: 'TOPIC_CONSENT',
    name: 'consent.v1',
    kind: 'compacted-log',
    tombstoneMs: DAY_MS,
    compactionLagMs: 0,
    segmentMs: HOUR_MS,
    partitions: PARTITIONS,
    note: 'the latest record per person is the truth; tombstones go after a day; hourly segments, so an erased person’s earlier records are compacted away within hours',
  },
  nudges: {
    env: 'TOPIC_NUDGES',
    name: 'nudges.v1',
    kind: 'feed',
    retentionMs: 7 * DAY_MS,
    segmentMs: DAY_MS,
    partitions: PARTITIONS,
    note: 'delivered nudges, key subjectId, read by the person’s own channel: a week (daily segments)',
  },
  inbox: {
    env: 'TOPIC_INBOX',
    name: 'respite.inbox.v1',
    kind: 'compacted-log',
    tombstoneMs: DAY_MS,
    compactionLagMs: 0,
    partitions: PARTITIONS,
    note: 'each person’s inbox, feedback, nudge state and push subscriptions (key pid); erasure tombstones it',
  },
  trends: {
    env: 'TOPIC_TRENDS',
    name: 'trends.v1',
    kind: 'feed',
    retentionMs: -1,
    partitions: PARTITIONS,
    note: 'aggregates only, served by the API from this topic: kept (key cohortId, never compacted)',
  },
  warningState: {
    env: 'TOPIC_WARNING_STATE',
    name: 'respite.warning-state.v1',
    kind: 'compacted-log',
    tombstoneMs: DAY_MS,
    partitions: PARTITIONS,
    note: 'per-person warning states (key pid); erasure and withdrawal tombstone them',
  },
  trendsState: {
    env: 'TOPIC_TRENDS_STATE',
    name: 'respite.trends-state.v1',
    kind: 'compacted-log',
    tombstoneMs: DAY_MS,
    partitions: PARTITIONS,
    note: 'the trend memory: one key per remembered cell (published member sets, epsilon ledger)',
  },
  erasureReceipts: {
    env: 'TOPIC_ERASURE_RECEIPTS',
    name: 'respite.erasure-receipts.v1',
    kind: 'compacted-log',
    retentionMs: 30 * DAY_MS,
    tombstoneMs: DAY_MS,
    partitions: PARTITIONS,
    note: 'that an erasure happened, when, and counts only (key pid): the latest per person, for 30 days',
  },
} as const satisfies Record<string, TopicDef>;

export type TopicId = keyof typeof TOPICS;
export type TopicEnv = (typeof TOPICS)[TopicId]['env'];

/** Dead letters hold rejected payloads: a week, not for ever. */
export const DEAD_LETTER = { suffix: '.dlq', retentionMs: 7 * DAY_MS } as const;

/** The broker settings a topic of this definition must have. */
export function topicConfig(t: TopicDef): Record<string, string> {
  const c: Record<string, string> = {};
  if (t.kind === 'compacted-log')
    c['cleanup.policy'] = t.retentionMs === undefined ? 'compact' : 'compact,delete';
  if (t.retentionMs !== undefined) c['retention.ms'] = String(t.retentionMs);
  if (t.segmentMs !== undefined) c['segment.ms'] = String(t.segmentMs);
  if (t.tombstoneMs !== undefined) c['delete.retention.ms'] = String(t.tombstoneMs);
  if (t.compactionLagMs !== undefined) c['min.compaction.lag.ms'] = String(t.compactionLagMs);
  return c;
}

export interface TopicToCreate {
  topic: string;
  partitions: number;
  config: Record<string, string>;
}

/**
 * Every topic to create, under the names `names` gives (e.g. the environment; the default name
 * where it gives none), dead-letter topics included.
 */
export function topicsToCreate(
  names: Partial<Record<string, string | undefined>> = {},
  catalog: Readonly<Record<string, TopicDef>> = TOPICS,
): TopicToCreate[] {
  const out: TopicToCreate[] = [];
  for (const t of Object.values(catalog)) {
    const topic = names[t.env] ?? t.name;
    out.push({ topic, partitions: t.partitions, config: topicConfig(t) });
    if (t.kind === 'readings') {
      out.push({
        topic: `${topic}${DEAD_LETTER.suffix}`,
        partitions: t.partitions,
        config: { 'retention.ms': String(DEAD_LETTER.retentionMs) },
      });
    }
  }
  return out;
}

/** kafkajs' createTopics shape, for scripts that create them. */
export function asConfigEntries(config: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(config).map(([name, value]) => ({ name, value }));
}

/** Names for a throwaway set of topics (tests, bench runs): `<prefix>.<id>`, by variable. */
export function prefixedTopicNames(prefix: string): Record<TopicEnv, string> {
  return Object.fromEntries(Object.entries(TOPICS).map(([id, t]) => [t.env, `${prefix}.${id}`])) as Record<
    TopicEnv,
    string
  >;
}
