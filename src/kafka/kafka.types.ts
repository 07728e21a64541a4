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

export type BatchHandler = (records: RawRecord[]) => Promise<void>;
