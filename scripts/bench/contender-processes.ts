// The two contenders that run as their own processes: Respite itself and Telegraf.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { ServiceProcess } from '../../test/support/service-process';
import { type Result, result } from './contenders';
import { cpuMeter, cpuSeconds } from './cpu';
import { groupLag, peakRssMb } from './group-lag';
import { progress } from './progress';

/**
 * Waits until the group has committed everything. The clock starts at the first poll that sees the
 * group under way, so process start-up and group join are left out for every contender alike.
 */
async function drain(
  label: string,
  kafka: Kafka,
  groupId: string,
  topics: string[],
  n: number,
  timeoutMs: number,
  onStart: () => void = () => undefined,
) {
  const until = Date.now() + timeoutMs;
  const launched = performance.now();
  let start: { at: number; lag: number } | undefined;
  for (;;) {
    const lag = await groupLag(kafka, groupId, topics);
    const now = performance.now();
    // a small run can be over before the first poll sees it under way: then time it from launch
    if (!start && lag < n) {
      start = lag > 0 ? { at: now, lag } : { at: launched, lag: n };
      onStart();
    }
    progress(label, n - lag, n);
    if (lag <= 0) return { readings: start?.lag ?? n, seconds: (now - (start?.at ?? now)) / 1000 || 0.001 };
    if (Date.now() > until) throw new Error(`${label}: still ${lag} behind after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Builds dist/ once per bench process and returns its entry: the service as the image runs it. */
let built: string | undefined;
export function compiledService(root: string): string {
  if (!built) {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
      {
        stdio: 'inherit',
      },
    );
    built = join(root, 'dist', 'main.js');
  }
  return built;
}

export interface RespiteRun {
  throughput: Result;
  svc: ServiceProcess;
}

/** Respite end to end: consumed, validated, consent-gated, pseudonymized, written, acknowledged, committed. */
export async function respite(
  kafka: Kafka,
  env: NodeJS.ProcessEnv,
  topics: string[],
  n: number,
  root: string,
  /** The compiled service (dist/main.js, as the image runs it), else src/main.ts through tsx. */
  entry?: string,
): Promise<RespiteRun> {
  const svc = new ServiceProcess({ ...env, LOG_LEVEL: 'warn' }, entry);
  // timed like Telegraf: from the first commit seen, so start-up (TypeScript transpiling) is left out
  let cpu: ReturnType<typeof cpuMeter> | undefined;
  const drained = drain('respite', kafka, env.KAFKA_GROUP_ID!, topics, n, 3_600_000, () => {
    cpu = cpuMeter(root, () => cpuSeconds(svc.pid));
  });
  await svc.start();
  const d = await drained;
  return {
    throughput: result('Respite ingest (end to end)', d.readings, d.seconds, {
      peakRssMb: await peakRssMb(svc.pid),
      cpu: cpu?.stop(d.readings),
      // what the memory budget bounds, beside the whole process's peak
      note: `held at most ${((await svc.metric('respite_ingest_held_bytes_max')) / 1048576).toFixed(1)} MiB of records`,
    }),
    svc,
  };
}

/** Telegraf: kafka_consumer with json_v2 → influxdb_v2, what an operator would otherwise deploy. */
export async function telegraf(
  bin: string,
  kafka: Kafka,
  env: NodeJS.ProcessEnv,
  topics: { hrv: string; sleep: string },
  n: number,
  workDir: string,
  root: string,
): Promise<Result> {
  const groupId = `${env.KAFKA_GROUP_ID}-telegraf`;
  mkdirSync(workDir, { recursive: true });
  const conf = join(workDir, 'telegraf.conf');
  writeFileSync(conf, telegrafConfig(env, topics, groupId));
  const child = spawn(bin, ['--config', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, INFLUX_TOKEN: env.INFLUX_TOKEN },
  });
  const errors: string[] = [];
  child.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
  let cpu: ReturnType<typeof cpuMeter> | undefined;
  try {
    const d = await drain('telegraf', kafka, groupId, [topics.hrv, topics.sleep], n, 3_600_000, () => {
      cpu = cpuMeter(root, () => cpuSeconds(child.pid));
    });
    const rss = await peakRssMb(child.pid);
    return result('Telegraf kafka_consumer → influxdb_v2', d.readings, d.seconds, {
      peakRssMb: rss,
      cpu: cpu?.stop(d.readings),
    });
  } catch (err) {
    throw new Error(`${String(err)}\n${errors.join('').slice(-2000)}`);
  } finally {
    child.kill('SIGTERM');
  }
}

function telegrafConfig(
  env: NodeJS.ProcessEnv,
  topics: { hrv: string; sleep: string },
  groupId: string,
): string {
  const input = (topic: string, measurement: string, time: string, fields: string[]) => `
[[inputs.kafka_consumer]]
  brokers = ${JSON.stringify(env.KAFKA_BROKERS!.split(','))}
  topics = ["${topic}"]
  consumer_group = "${groupId}"
  offset = "oldest"
  max_undelivered_messages = 20000
  # Kafka 4 removed the old protocol versions that Sarama's default version would use
  kafka_version = "3.7.0"
  data_format = "json_v2"
  [[inputs.kafka_consumer.json_v2]]
    measurement_name = "${measurement}"
    timestamp_path = "${time}"
    timestamp_format = "2006-01-02T15:04:05Z07:00"
    [[inputs.kafka_consumer.json_v2.tag]]
      path = "subjectId"
    [[inputs.kafka_consumer.json_v2.tag]]
      path = "source"
${fields.map((f) => `    [[inputs.kafka_consumer.json_v2.field]]\n      path = "${f}"\n      optional = true`).join('\n')}
`;
  return `[agent]
  interval = "10s"
  metric_batch_size = 5000
  metric_buffer_limit = 200000
  flush_interval = "500ms"
  omit_hostname = true
  quiet = true
${input(topics.hrv, 'tg_hrv', 'measuredAt', ['rmssdMs', 'sdnnMs', 'restingHrBpm', 'windowSeconds'])}
${input(topics.sleep, 'tg_sleep', 'endAt', ['efficiency', 'restingHrBpm', 'avgRmssdMs'])}
[[outputs.influxdb_v2]]
  urls = ["${env.INFLUX_URL}"]
  token = "$INFLUX_TOKEN"
  organization = "${env.INFLUX_ORG ?? 'respite'}"
  bucket = "${env.INFLUX_BUCKET ?? 'wearables'}"
  content_encoding = "${env.INFLUX_GZIP === 'true' ? 'gzip' : 'identity'}"
`;
}
