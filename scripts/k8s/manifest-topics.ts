// The topics k8s/ creates (Strimzi KafkaTopics and the kafka-topics.sh Job) against the contract
// (scripts/stack/create-topics.ts) and the topics the service reads and writes (config.schema.ts).
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { envSchema } from '../../src/config/config.schema';
import { type Manifest, resolveEnv } from './manifest-load';
import { ofKind } from './manifest-policy';

export interface TopicSpec {
  partitions: number;
  replicas: number;
  config: Record<string, string>;
}

export interface Contract {
  topics: Array<{ env: string; name: string; config: Record<string, string> }>;
  dlq: { from: string; suffix: string; config: Record<string, string> };
}

/** The readings topics: they get dead-letter topics, and bound the useful ingest replicas. */
const READINGS = ['TOPIC_HRV', 'TOPIC_SLEEP'];

/**
 * What scripts/stack/create-topics.ts creates, read from its text: importing it would run it. A
 * change of its shape fails here, so that this parser is updated rather than silently wrong.
 */
export function contractTopics(src: string): Contract {
  const shapeChanged = (what: string) =>
    new Error(`create-topics.ts changed shape (${what}): update this parser`);
  const start = src.indexOf('const topics = [');
  const end = src.indexOf('\n];', start);
  if (start < 0 || end < 0) throw shapeChanged('no `const topics = [...]`');
  const body = src.slice(start, end);
  const heads = [...body.matchAll(/topic:\s*process\.env\.(TOPIC_[A-Z_]+)\s*\?\?\s*'([^']+)'/g)];
  if (heads.length === 0 || heads.length !== body.match(/(^|\{)\s*topic:/gm)?.length) {
    throw shapeChanged('a topic not written as `topic: process.env.TOPIC_X ?? name`');
  }
  const topics = heads.map((h, i) => {
    const entries = body.slice(h.index, heads[i + 1]?.index ?? body.length);
    const config = Object.fromEntries(
      [...entries.matchAll(/\{\s*name:\s*'([^']+)',\s*value:\s*'([^']*)'\s*\}/g)].map((m) => [m[1], m[2]]),
    );
    return { env: h[1] ?? '', name: h[2] ?? '', config };
  });
  const from = /\.filter\(\(t\) => t\.topic\.startsWith\('([^']+)'\)\)/.exec(src)?.[1];
  const suffix = /topic: `\$\{t\.topic\}(\.[a-z]+)`/.exec(src)?.[1];
  const week = /const week = String\(([\d_\s*]+)\)/.exec(src)?.[1];
  const entry = /configEntries: \[\{ name: '([^']+)', value: week \}\]/.exec(src)?.[1];
  if (!from || !suffix || !week || !entry) throw shapeChanged('the dead-letter topics');
  const ms = week.split('*').reduce((p, f) => p * Number(f.replaceAll('_', '').trim()), 1);
  return { topics, dlq: { from, suffix, config: { [entry]: String(ms) } } };
}

/** TOPIC_* variables whose doc comment in config.schema.ts says the topic is compacted. */
export function compactedTopicVars(schemaSrc: string): string[] {
  return [...schemaSrc.matchAll(/\/\*\*\s*Compacted[^/]*\*\/\s*(TOPIC_[A-Z_]+):/g)].map((m) => m[1] ?? '');
}

export function strimziTopics(ms: Manifest[]): Map<string, TopicSpec> {
  const out = new Map<string, TopicSpec>();
  for (const { doc } of ms.filter((m) => m.doc.kind === 'KafkaTopic')) {
    const spec = (doc.spec ?? {}) as {
      topicName?: string;
      partitions?: number;
      replicas?: number;
      config?: object;
    };
    out.set(spec.topicName ?? doc.metadata?.name ?? '', {
      partitions: spec.partitions ?? 0,
      replicas: spec.replicas ?? 0,
      config: Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, v]) => [k, String(v)])),
    });
  }
  return out;
}

/** The topics of the Job whose container runs kafka-topics.sh: its `create NAME [--config k=v]…` lines. */
export function jobTopics(ms: Manifest[]): { topics: Map<string, TopicSpec>; problems: string[] } {
  const topics = new Map<string, TopicSpec>();
  const problems: string[] = [];
  for (const { where, obj } of ofKind<IJob>(ms, 'Job')) {
    for (const c of obj.spec?.template.spec?.containers ?? []) {
      const script = [...(c.command ?? []), ...(c.args ?? [])].join('\n');
      if (!script.includes('kafka-topics.sh')) continue;
      for (const flag of [
        '--create --if-not-exists',
        '--partitions "$PARTITIONS"',
        '--replication-factor "$REPLICATION_FACTOR"',
      ]) {
        if (!script.replaceAll(/\\\n\s*/g, '').includes(flag))
          problems.push(`${where}: kafka-topics.sh without ${flag}`);
      }
      const env = resolveEnv(c, ms);
      problems.push(...env.problems.map((p) => `${where} ${p}`));
      const expand = (s: string) =>
        s.replaceAll(/\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string) => {
          const name = a ?? b ?? '';
          if (!(name in env.values)) problems.push(`${where}: $${name} is not set`);
          return env.values[name] ?? '';
        });
      for (const line of script.split('\n')) {
        const m = /^\s*create\s+(.+)$/.exec(line);
        if (!m) continue;
        const [name = '', ...rest] = (m[1]?.match(/"[^"]*"|\S+/g) ?? []).map((t) =>
          expand(t.replaceAll('"', '')),
        );
        const config: Record<string, string> = {};
        for (let i = 0; i < rest.length; i += 2) {
          const [k, val] = rest[i + 1]?.split('=') ?? [];
          if (rest[i] === '--config' && k && val !== undefined) config[k] = val;
          else problems.push(`${where}: cannot read "${line.trim()}"`);
        }
        topics.set(name, {
          partitions: Number(env.values.PARTITIONS),
          replicas: Number(env.values.REPLICATION_FACTOR),
          config,
        });
      }
    }
  }
  return { topics, problems };
}

/** The topic names the Deployments use: their TOPIC_* values, else the schema's defaults. */
function serviceTopics(ms: Manifest[]): Map<string, string> {
  const shape: Record<string, { safeParse(x: unknown): { data?: unknown } }> = envSchema.shape;
  const out = new Map<string, string>();
  for (const { obj } of ofKind<IDeployment>(ms, 'Deployment')) {
    for (const c of obj.spec?.template.spec?.containers ?? []) {
      const env = resolveEnv(c, ms);
      for (const k of Object.keys(shape).filter((key) => key.startsWith('TOPIC_'))) {
        out.set(k, env.values[k] ?? String(shape[k]?.safeParse(undefined).data));
      }
    }
  }
  return out;
}

export function topicViolations(
  ms: Manifest[],
  src: { createTopics: string; configSchema: string },
): string[] {
  const v: string[] = [];
  const contract = contractTopics(src.createTopics);
  const service = serviceTopics(ms);
  const compacted = new Set(compactedTopicVars(src.configSchema));
  // name → the settings it must have
  const required = new Map<string, Record<string, string>>();
  const need = (name: string, config: Record<string, string>) =>
    required.set(name, { ...required.get(name), ...config });
  for (const t of contract.topics) {
    need(t.name, t.config);
    if (t.name.startsWith(contract.dlq.from)) need(`${t.name}${contract.dlq.suffix}`, contract.dlq.config);
  }
  const isCompacted = (name: string) =>
    (required.get(name)?.['cleanup.policy'] ?? '').split(',').includes('compact');
  for (const [key, name] of service)
    need(name, compacted.has(key) && !isCompacted(name) ? { 'cleanup.policy': 'compact' } : {});
  for (const key of READINGS) need(`${service.get(key)}${contract.dlq.suffix}`, contract.dlq.config);

  const job = jobTopics(ms);
  v.push(...job.problems);
  const sources: Array<[string, Map<string, TopicSpec>]> = [
    ['KafkaTopic', strimziTopics(ms)],
    ['topics Job', job.topics],
  ];
  const maxReplicas = Math.max(
    0,
    ...ofKind<IHorizontalPodAutoscaler>(ms, 'HorizontalPodAutoscaler').map(
      (h) => h.obj.spec?.maxReplicas ?? 0,
    ),
  );
  for (const [label, topics] of sources) {
    if (topics.size === 0) v.push(`no ${label} creates the topics`);
    for (const [name, config] of required) {
      const t = topics.get(name);
      if (!t) v.push(`${label}: ${name} is not created`);
      for (const [k, val] of Object.entries(config)) {
        if (t && t.config[k] !== val) v.push(`${label}: ${name} needs ${k}=${val}, has ${t.config[k]}`);
      }
    }
    for (const name of topics.keys()) {
      if (!required.has(name))
        v.push(`${label}: ${name} is in neither create-topics.ts nor the service's config`);
    }
    for (const key of READINGS) {
      const name = service.get(key) ?? '';
      const partitions = topics.get(name)?.partitions ?? 0;
      if (maxReplicas > partitions) {
        v.push(`${label}: HPA maxReplicas ${maxReplicas} > ${partitions} partitions of ${name}`);
      }
    }
  }
  const [[, strimzi], [, jobs]] = sources as [
    [string, Map<string, TopicSpec>],
    [string, Map<string, TopicSpec>],
  ];
  for (const name of new Set([...strimzi.keys(), ...jobs.keys()])) {
    if (canonical(strimzi.get(name)) !== canonical(jobs.get(name))) {
      v.push(`${name}: the KafkaTopic and the Job disagree`);
    }
  }
  return v;
}

function canonical(t: TopicSpec | undefined): string {
  if (!t) return 'absent';
  return JSON.stringify([t.partitions, t.replicas, Object.entries(t.config).sort()]);
}
