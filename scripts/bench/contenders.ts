// Each contender consumes the same pre-produced readings from the same Kafka into the same InfluxDB.
import { InfluxDB } from '@influxdata/influxdb-client';
import type { Kafka } from 'kafkajs';
import { batchLines, processBatch } from '../../src/ingest/ingest.pipeline';
import { type CpuShare, cpuMeter, ownCpuSeconds } from './cpu';
import type { BenchMessage } from './dataset';
import { progress } from './progress';

export interface Result {
  name: string;
  readings: number;
  seconds: number;
  perSecond: number;
  p50Ms?: number;
  p99Ms?: number;
  peakRssMb?: number;
  cpu?: CpuShare;
  note?: string;
}

export function result(name: string, readings: number, seconds: number, extra: Partial<Result> = {}): Result {
  return { name, readings, seconds, perSecond: Math.round(readings / seconds), ...extra };
}

/** Limit 1: a bare kafkajs consumer that does nothing with the messages. */
export async function bareConsumer(
  kafka: Kafka,
  topics: string[],
  groupId: string,
  n: number,
  root: string,
): Promise<Result> {
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 2 * 1024 * 1024, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let seen = 0;
  let t0 = 0;
  const cpu = cpuMeter(root, ownCpuSeconds);
  await new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        if (seen === 0) t0 = performance.now(); // from the first batch, as for the other contenders
        seen += batch.messages.length;
        progress('bare kafkajs', seen, n);
        if (seen >= n) resolve();
      },
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  const share = cpu.stop(n);
  await consumer.disconnect();
  return result('bare kafkajs consumer (limit)', n, seconds, { cpu: share });
}

/**
 * Limit 2: the same points written as raw line protocol with the official client. The lines are
 * made beforehand (outside the clock) with the service's own pipeline.
 */
export async function rawWrites(
  messages: BenchMessage[],
  env: NodeJS.ProcessEnv,
  topicOf: (t: 'hrv' | 'sleep') => string,
  root: string,
  /** Called once the lines are made, before the clock starts (the child resets its peak RSS there). */
  onLinesReady: () => void = () => undefined,
): Promise<Result> {
  const n = messages.length;
  const records = messages.map((m, i) => ({
    topic: topicOf(m.topic),
    partition: 0,
    offset: String(i),
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    timestampMs: 0,
  }));
  const hrv = topicOf('hrv');
  const out = processBatch(records, {
    kindOf: (t) => (t === hrv ? 'hrv' : 'sleep'),
    consents: () => true,
    pid: (s) => `raw.${s}`.replace(/[^A-Za-z0-9._-]/g, '_'),
    nowMs: Date.now(),
    maxBytes: 1 << 20,
    maxFutureMs: 86_400_000,
  });
  const influx = new InfluxDB({ url: env.INFLUX_URL!, token: env.INFLUX_TOKEN!, timeout: 60_000 });
  const lines = batchLines(out).map((l) => l.replace(/^(hrv|sleep|daily),/, 'raw_$1,'));
  records.length = 0;
  onLinesReady();
  const batch = 5_000;
  const inFlight = 2;
  let written = 0;
  const cpu = cpuMeter(root, ownCpuSeconds);
  const t0 = performance.now();
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += batch) chunks.push(lines.slice(i, i + batch));
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        const api = influx.getWriteApi(env.INFLUX_ORG ?? 'respite', env.INFLUX_BUCKET ?? 'wearables', 'ms', {
          batchSize: batch + 1,
          flushInterval: 0,
          maxRetries: 3,
          gzipThreshold: env.INFLUX_GZIP === 'true' ? 1024 : Number.POSITIVE_INFINITY,
        });
        api.writeRecords(chunk);
        await api.close();
        written += chunk.length;
        progress('raw line protocol', written, lines.length);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return result('raw line-protocol writes (limit)', n, seconds, {
    cpu: cpu.stop(n),
    note: `${lines.length} lines`,
  });
}
