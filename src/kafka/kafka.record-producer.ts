import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { OutgoingRecord } from './kafka.types';

/** Publishes records (dead letters, nudges, trends, consent) with acks from all in-sync replicas. */
export class RecordProducer {
  private producer?: Producer;

  constructor(private readonly kafka: Kafka) {}

  async connect(): Promise<void> {
    this.producer = this.kafka.producer({
      // kafkajs' default since 2.0 (murmur2 on the key, as Java clients), named so it stops warning at start
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.producer) throw new Error('producer not connected');
    await this.producer.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }
}
