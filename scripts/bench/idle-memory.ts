// What the idle service holds: starts it as the bench does (compiled, the same node flags, its own
// topics and bucket), waits, and prints VmRSS with its anonymous and file-backed parts, V8's spaces,
// code statistics and the modules loaded per package. --snapshot also writes a heap snapshot.
//   npx tsx scripts/bench/idle-memory.ts [--wait-ms 8000] [--snapshot]   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { asConfigEntries, prefixedTopicNames, topicsToCreate } from '../../src/kafka/topics.catalog';
import { ownBucket } from '../../test/support/buckets';
import { ServiceProcess } from '../../test/support/service-process';
import { loadStackEnv } from '../lib/stack-env';

const { values: args } = parseArgs({
  options: { 'wait-ms': { type: 'string', default: '8000' }, snapshot: { type: 'boolean', default: false } },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const env = loadStackEnv(root);
  const prefix = `idle-${randomUUID().slice(0, 8)}`;
  const names = prefixedTopicNames(prefix);
  const kafka = new Kafka({
    clientId: prefix,
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topics = topicsToCreate(names);
  await admin
    .createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        configEntries: asConfigEntries(t.config),
      })),
    })
    // a busy broker can outlast kafkajs' wait for leaders
    .catch(() => sleep(15_000));
  const bucket = await ownBucket(env, prefix);
  process.env.RESPITE_SERVICE_NODE_ARGS = `--require ${join(__dirname, 'memory-probe.cjs')}`;
  const svc = new ServiceProcess(
    {
      ...env,
      ...names,
      INFLUX_BUCKET: bucket.name,
      KAFKA_GROUP_ID: `${prefix}-respite`,
      PSEUDONYM_KEYS: `b1:${randomBytes(24).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      NODE_ENV: 'test',
      RETENTION_SCHEDULE_ENABLED: 'false',
      PROBE_DIR: dir,
    },
    join(root, 'dist', 'main.js'),
  );
  try {
    await svc.start();
    await sleep(Number(args['wait-ms']));
    const pid = svc.pid!;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    console.log(
      status
        .split('\n')
        .filter((l) => /^(VmRSS|VmHWM|RssAnon|RssFile)/.test(l))
        .join('\n'),
    );
    process.kill(pid, 'SIGWINCH');
    await sleep(1_000);
    console.log(readFileSync(join(dir, `idle-${pid}.json`), 'utf8'));
    if (args.snapshot) {
      process.kill(pid, 'SIGPWR');
      // written synchronously by the service; wait until its size stops changing
      let size = -1;
      for (;;) {
        await sleep(2_000);
        const now = Number(
          execFileSync('sh', ['-c', `stat -c %s ${dir}/idle-${pid}.heapsnapshot 2>/dev/null || echo 0`]),
        );
        if (now > 0 && now === size) break;
        size = now;
      }
      console.log(`heap snapshot: ${dir}/idle-${pid}.heapsnapshot`);
    }
  } finally {
    await svc.kill('SIGTERM').catch(() => undefined);
    await bucket.drop();
    await admin.deleteTopics({ topics: topics.map((t) => t.topic) }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
