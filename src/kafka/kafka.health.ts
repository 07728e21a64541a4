import type { Kafka } from 'kafkajs';

/** Does the Kafka cluster answer? (cluster metadata through one short-lived admin connection) */
export class KafkaHealth {
  constructor(private readonly kafka: Kafka) {}

  async ping(timeoutMs = 3_000): Promise<boolean> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const check = admin
      .connect()
      .then(() => admin.describeCluster())
      .then((c) => c.brokers.length > 0)
      .catch(() => false)
      .finally(() => admin.disconnect().catch(() => undefined));
    return Promise.race([check, timeout]);
  }
}
