// Creates the contract's topics (shared DESIGN.md §2) if they do not exist yet. Idempotent.
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const partitions = Number(process.env.TOPIC_PARTITIONS ?? 6);
const week = String(7 * 86_400_000);

const topics = [
  // raw readings carry the subjectId: a week, in daily segments (retention applies to whole segments)
  {
    topic: process.env.TOPIC_HRV ?? 'wearables.hrv.v1',
    configEntries: [
      { name: 'retention.ms', value: '604800000' }, // a week
      { name: 'segment.ms', value: '86400000' },
    ],
  },
  {
    topic: process.env.TOPIC_SLEEP ?? 'wearables.sleep.v1',
    configEntries: [
      { name: 'retention.ms', value: '604800000' }, // a week
      { name: 'segment.ms', value: '86400000' },
    ],
  },
  {
    topic: process.env.TOPIC_CONSENT ?? 'consent.v1',
    // compacted: the latest record per person is the truth; tombstones go after a day; hourly
    // segments, so that an erased person's earlier records can be compacted away within hours
    configEntries: [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'delete.retention.ms', value: '86400000' },
      { name: 'min.compaction.lag.ms', value: '0' },
      { name: 'segment.ms', value: '3600000' },
    ],
  },
  {
    topic: process.env.TOPIC_NUDGES ?? 'nudges.v1',
    // delivered nudges (key subjectId) for the person's own channel: a week, in daily segments
    configEntries: [
      { name: 'retention.ms', value: '604800000' }, // a week
      { name: 'segment.ms', value: '86400000' },
    ],
  },
  {
    topic: process.env.TOPIC_INBOX ?? 'respite.inbox.v1',
    // each person's inbox (key pid): the latest record is the truth; erasure leaves a tombstone
    configEntries: [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'delete.retention.ms', value: '86400000' },
      { name: 'min.compaction.lag.ms', value: '0' },
    ],
  },
  {
    topic: process.env.TOPIC_TRENDS ?? 'trends.v1',
    // aggregates only, served by the API from this topic: keep them (key cohortId, so never compacted)
    configEntries: [{ name: 'retention.ms', value: '-1' }],
  },
  {
    topic: process.env.TOPIC_WARNING_STATE ?? 'respite.warning-state.v1',
    // per-person warning states (key pid); erasure and withdrawal tombstone them
    configEntries: [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'delete.retention.ms', value: '86400000' },
    ],
  },
  {
    topic: process.env.TOPIC_TRENDS_STATE ?? 'respite.trends-state.v1',
    // the trend memory: one key per remembered cell; pruned cells are tombstoned
    configEntries: [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'delete.retention.ms', value: '86400000' },
    ],
  },
  {
    topic: process.env.TOPIC_ERASURE_RECEIPTS ?? 'respite.erasure-receipts.v1',
    // key pid: that an erasure happened, when, and counts; the latest per person, for 30 days
    configEntries: [
      { name: 'cleanup.policy', value: 'compact,delete' },
      { name: 'retention.ms', value: '2592000000' }, // 30 days
      { name: 'delete.retention.ms', value: '86400000' },
    ],
  },
];
// dead letters hold rejected payloads: keep them a week, not forever
const dlqs = topics
  .filter((t) => t.topic.startsWith('wearables.'))
  .map((t) => ({ topic: `${t.topic}.dlq`, configEntries: [{ name: 'retention.ms', value: week }] }));

async function main(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'respite-topics',
    brokers,
    logLevel: logLevel.ERROR,
    retry: { retries: 20 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...topics, ...dlqs].filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ ...t, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
    process.stderr.write(`[stack] topics ready (${missing.length} created)\n`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[stack] topic creation failed: ${String(err)}\n`);
  process.exit(1);
});
