import { randomUUID } from 'node:crypto';
import type { TestEnv } from './harness';

/**
 * Every value per key of a topic (null for a tombstone), read from the beginning to the end it had
 * when called: so a test can tell "tombstoned" from "never written".
 */
export async function topicLog(t: TestEnv, topic: string): Promise<Map<string, (string | null)[]>> {
  const admin = t.kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const out = new Map<string, (string | null)[]>();
  const seen = new Map<number, number>();
  const done = () => [...ends].every(([p, end]) => (seen.get(p) ?? 0) >= end);
  if (done()) return out;
  const consumer = t.kafka.consumer({ groupId: `${t.prefix}-log-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const key = String(message.key);
      out.set(key, [...(out.get(key) ?? []), message.value?.toString() ?? null]);
      seen.set(partition, Number(message.offset) + 1);
    },
  });
  try {
    const until = Date.now() + 30_000;
    while (!done()) {
      if (Date.now() > until) throw new Error(`${topic} not read to its end within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  } finally {
    await consumer.disconnect();
  }
}
