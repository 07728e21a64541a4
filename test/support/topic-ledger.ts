import { Kafka, logLevel } from 'kafkajs';

/**
 * The topics one test file created, by broker list: deleted by name when the file ends
 * (test/support/kafka-environment.ts). Never by pattern: other worktrees and agents test against the
 * same broker at the same time, and their `t-*` topics must survive.
 */
export class TopicLedger {
  private readonly byBrokers = new Map<string, Set<string>>();

  record(brokers: string[], topics: string[]): void {
    const key = brokers.join(',');
    const set = this.byBrokers.get(key) ?? new Set<string>();
    for (const t of topics) set.add(t);
    this.byBrokers.set(key, set);
  }

  topics(): string[] {
    return [...this.byBrokers.values()].flatMap((s) => [...s]);
  }

  /** Deletes every recorded topic; the ones still there when it gave up (never throws). */
  async deleteAll(withinMs?: number): Promise<string[]> {
    const left: string[] = [];
    for (const [brokers, topics] of this.byBrokers) {
      left.push(...(await deleteTopics(brokers.split(','), [...topics], withinMs)));
    }
    this.byBrokers.clear();
    return left;
  }
}

/**
 * Deletes the named topics that exist and waits until the broker no longer lists them. A slow or
 * restarting broker is asked again until `withinMs` has passed; it never throws (a cleanup must not
 * replace a test's own failure), it returns the topics it could not see gone.
 */
export async function deleteTopics(
  brokers: string[],
  topics: string[],
  withinMs = 30_000,
): Promise<string[]> {
  const until = Date.now() + withinMs;
  const kafka = new Kafka({
    clientId: 'respite-test-cleanup',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 1 },
  });
  let left = topics;
  while (left.length > 0) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const present = new Set(await admin.listTopics());
      left = topics.filter((t) => present.has(t));
      if (left.length > 0) await admin.deleteTopics({ topics: left, timeout: 10_000 });
    } catch {
      // not reachable yet, or a topic went between the listing and the delete: ask again below
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (left.length === 0 || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return left;
}
