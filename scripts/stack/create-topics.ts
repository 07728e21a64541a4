// Creates the topics of the catalog (src/kafka/topics.catalog.ts) if they do not exist yet, under
// the names the environment gives (TOPIC_*). Idempotent.
import { Kafka, logLevel } from 'kafkajs';
import { asConfigEntries, topicsToCreate } from '../../src/kafka/topics.catalog';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** TOPIC_PARTITIONS overrides the catalog's partitions (e.g. 1 on a laptop). */
const partitions = process.env.TOPIC_PARTITIONS ? Number(process.env.TOPIC_PARTITIONS) : undefined;

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
    const missing = topicsToCreate(process.env).filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: partitions ?? t.partitions,
          replicationFactor: 1,
          configEntries: asConfigEntries(t.config),
        })),
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
