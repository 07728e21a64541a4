/** What the rest of the code sees of a Kafka record: no kafkajs types leak past src/kafka. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestampMs: number;
}

export interface OutgoingRecord {
  key: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

/**
 * A batch in two steps. `prepare` (CPU only, synchronous) runs as soon as the batch is fetched, while
 * the partition's previous batch may still be being stored; `store` runs in partition order and must
 * re-check whatever may have changed since (consent). A failed `store` is retried after a fresh
 * `prepare`.
 */
export interface BatchHandler<T = unknown> {
  prepare(records: RawRecord[]): T;
  store(prepared: T): Promise<void>;
}
