// The topics k8s/ creates (Strimzi KafkaTopics and the kafka-topics.sh Job) against the topic
// catalog (src/kafka/topics.catalog.ts) under the names the Deployments give them.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { envSchema } from '../../src/config/config.schema';
import { TOPICS, type TopicDef, topicsToCreate } from '../../src/kafka/topics.catalog';
import { type Manifest, resolveEnv } from './manifest-load';
import { ofKind } from './manifest-policy';

export interface TopicSpec {
  partitions: number;
  replicas: number;
  config: Record<string, string>;
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

/** The topic names the Deployments use: their TOPIC_* values, else the catalog's (the schema's defaults). */
function serviceTopics(ms: Manifest[], catalog: Readonly<Record<string, TopicDef>>): Map<string, string> {
  const shape: Record<string, { safeParse(x: unknown): { data?: unknown } }> = envSchema.shape;
  const out = new Map<string, string>();
  for (const { obj } of ofKind<IDeployment>(ms, 'Deployment')) {
    for (const c of obj.spec?.template.spec?.containers ?? []) {
      const env = resolveEnv(c, ms);
      for (const t of Object.values(catalog)) {
        out.set(t.env, env.values[t.env] ?? String(shape[t.env]?.safeParse(undefined).data ?? t.name));
      }
    }
  }
  return out;
}

export function topicViolations(
  ms: Manifest[],
  catalog: Readonly<Record<string, TopicDef>> = TOPICS,
): string[] {
  const v: string[] = [];
  const service = serviceTopics(ms, catalog);
  // name → the settings it must have: the catalog's, under the Deployments' names
  const required = new Map<string, Record<string, string>>();
  for (const t of topicsToCreate(Object.fromEntries(service), catalog)) {
    required.set(t.topic, { ...required.get(t.topic), ...t.config });
  }
  const readings = Object.values(catalog)
    .filter((t) => t.kind === 'readings')
    .map((t) => service.get(t.env) ?? t.name);

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
      if (!required.has(name)) v.push(`${label}: ${name} is not in the topic catalog`);
    }
    for (const name of readings) {
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
