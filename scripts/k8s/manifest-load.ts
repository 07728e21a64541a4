// Reads k8s/: every YAML document, what each kustomization renders, and the schema validation of
// each document (built-in kinds by kubernetes-models, the Strimzi CRD by a structural check).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface Manifest {
  /** `file#n`: the n-th document (from 0) of a file relative to k8s/. */
  where: string;
  file: string;
  doc: KubeObject;
}

export interface ManifestSet {
  /** Every resource document under k8s/ (kustomization files apart). */
  all: Manifest[];
  /** Kustomization file → the resource files it renders, its bases' included. */
  rendered: Map<string, string[]>;
  kustomizations: Manifest[];
  /** What gets applied: what a kustomization renders, plus the STANDALONE files. */
  deployable: Manifest[];
  /** Unreadable YAML, dangling references, files nothing applies. */
  problems: string[];
}

/** Applied on their own (`kubectl apply -f`), not through a kustomization. */
export const STANDALONE = ['topics-job.yaml'];
/** Shown, never applied: they must stay out of every kustomization. */
export const EXAMPLES = ['secret.example.yaml'];

const KUSTOMIZATION = 'kustomization.yaml';
const KUSTOMIZE_API = 'kustomize.config.k8s.io/v1beta1';
const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'labels',
  'patches',
  'configMapGenerator',
  'secretGenerator',
  'components',
]);

export function loadManifests(dir: string): ManifestSet {
  const problems: string[] = [];
  const all: Manifest[] = [];
  const kustomizations: Manifest[] = [];
  for (const file of yamlFiles(dir)) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
    docs.forEach((d, i) => {
      const where = `${file}#${i}`;
      for (const e of d.errors) problems.push(`${where}: ${e.message}`);
      const doc: unknown = d.toJS();
      if (doc === null || doc === undefined) return;
      if (!isKubeObject(doc)) {
        problems.push(`${where}: not an object with apiVersion and kind`);
        return;
      }
      (file.endsWith(KUSTOMIZATION) ? kustomizations : all).push({ where, file, doc });
    });
  }
  const rendered = new Map<string, string[]>();
  for (const k of kustomizations) rendered.set(k.file, render(dir, k.file, kustomizations, problems, []));
  const applied = new Set([...rendered.values()].flat());
  for (const file of new Set(all.map((m) => m.file))) {
    if (EXAMPLES.includes(file)) {
      if (applied.has(file)) problems.push(`${file}: an example, yet a kustomization applies it`);
    } else if (!applied.has(file) && !STANDALONE.includes(file)) {
      problems.push(`${file}: in no kustomization (nor STANDALONE or EXAMPLES)`);
    }
  }
  const deployable = all.filter((m) => applied.has(m.file) || STANDALONE.includes(m.file));
  return { all, rendered, kustomizations, deployable, problems };
}

function render(dir: string, file: string, ks: Manifest[], problems: string[], seen: string[]): string[] {
  const k = ks.find((m) => m.file === file)?.doc;
  if (!k || seen.includes(file)) {
    problems.push(`${file}: ${k ? 'kustomization cycle' : 'no kustomization there'}`);
    return [];
  }
  if (k.apiVersion !== KUSTOMIZE_API || k.kind !== 'Kustomization') {
    problems.push(`${file}: not a Kustomization`);
  }
  for (const field of Object.keys(k)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) problems.push(`${file}: unexpected field ${field}`);
  }
  const out: string[] = [];
  const resources = Array.isArray(k.resources) ? k.resources : [];
  for (const r of resources) {
    const path = resolve(dir, dirname(file), String(r));
    const rel = relative(dir, path);
    if (rel.startsWith('..') || !existsSync(path)) {
      problems.push(`${file}: resource ${String(r)} is not a file or folder under k8s/`);
    } else if (statSync(path).isDirectory()) {
      // kustomize refuses a base folder that holds the kustomization using it
      if (rel === '' || dirname(file).startsWith(`${rel}/`)) {
        problems.push(`${file}: ${String(r)} contains it`);
      } else {
        out.push(...render(dir, join(rel, KUSTOMIZATION), ks, problems, [...seen, file]));
      }
    } else {
      out.push(rel);
    }
  }
  return out;
}

function yamlFiles(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true })
    .flatMap((e) => {
      const rel = join(sub, e.name);
      if (e.isDirectory()) return yamlFiles(dir, rel);
      return /\.ya?ml$/.test(e.name) ? [rel] : [];
    })
    .sort();
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string';
}

/** The built-in kinds k8s/ may use, by `apiVersion/kind`: their kubernetes-models module. */
export const MODELS: Record<string, string> = {
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
};

/** Custom resources with a check of their own (no schema for them ships with kubernetes-models). */
export const CRD_CHECKS: Record<string, (doc: KubeObject) => string[]> = {
  'kafka.strimzi.io/v1beta2/KafkaTopic': kafkaTopicProblems,
};

/**
 * `where` → null when the document is valid, else why not. kubernetes-models is ESM only (its
 * exports have an `import` condition alone), which jest's CommonJS runtime cannot load, so the
 * built-in kinds are validated by one plain Node process.
 */
export function validateSchemas(manifests: Manifest[], cwd: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const batch: Array<{ where: string; model: string; kind: string; doc: KubeObject }> = [];
  for (const m of manifests) {
    const key = `${m.doc.apiVersion}/${m.doc.kind}`;
    const model = MODELS[key];
    const crd = CRD_CHECKS[key];
    if (model) batch.push({ where: m.where, model, kind: m.doc.kind, doc: m.doc });
    else if (crd) out.set(m.where, crd(m.doc).join('; ') || null);
    else out.set(m.where, `unknown kind ${key}: add its model to MODELS or a check to CRD_CHECKS`);
  }
  const script = `
    import { readFileSync } from 'node:fs';
    const out = {};
    for (const { where, model, kind, doc } of JSON.parse(readFileSync(0, 'utf8'))) {
      try {
        const Model = (await import(model))[kind];
        if (typeof Model !== 'function') throw new Error('no class ' + kind + ' in ' + model);
        new Model(doc).validate();
        out[where] = null;
      } catch (err) {
        out[where] = err instanceof Error ? err.message : String(err);
      }
    }
    process.stdout.write(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    input: JSON.stringify(batch),
    encoding: 'utf8',
  });
  for (const [where, result] of Object.entries(JSON.parse(stdout) as Record<string, string | null>)) {
    out.set(where, result);
  }
  return out;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KAFKA_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const KAFKA_TOPIC_SPEC = new Set(['topicName', 'partitions', 'replicas', 'config']);

/** The shape Strimzi's KafkaTopic CRD (v1beta2) accepts, as far as k8s/ uses it. */
export function kafkaTopicProblems(doc: KubeObject): string[] {
  const p: string[] = [];
  const name = doc.metadata?.name ?? '';
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    p.push(`metadata.name "${name}" is not a DNS subdomain`);
  if (!doc.metadata?.namespace) p.push('metadata.namespace: the Kafka cluster namespace must be set');
  if (!doc.metadata?.labels?.['strimzi.io/cluster'])
    p.push('metadata.labels["strimzi.io/cluster"] is missing');
  const spec = doc.spec as Record<string, unknown> | undefined;
  if (typeof spec !== 'object' || spec === null) return [...p, 'spec is missing'];
  for (const f of Object.keys(spec))
    if (!KAFKA_TOPIC_SPEC.has(f)) p.push(`spec.${f} is not a KafkaTopic field`);
  if (spec.topicName !== undefined && !KAFKA_TOPIC_NAME.test(String(spec.topicName))) {
    p.push('spec.topicName is not a legal Kafka topic name');
  }
  for (const f of ['partitions', 'replicas'] as const) {
    const v = spec[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 32767) {
      p.push(`spec.${f} must be an integer from 1`);
    }
  }
  const config = spec.config;
  if (config !== undefined) {
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      p.push('spec.config is not a map');
    else {
      for (const [k, v] of Object.entries(config)) {
        if (!['string', 'number', 'boolean'].includes(typeof v)) p.push(`spec.config.${k} must be a scalar`);
      }
    }
  }
  return p;
}

/** A container's environment as Kubernetes would set it: envFrom ConfigMaps first, then `env`. */
export interface ResolvedEnv {
  /** Literal values and values from ConfigMaps. */
  values: Record<string, string>;
  /** Variables filled from a Secret: only the reference is known. */
  secrets: Record<string, { name: string; key: string }>;
  /** Variables that came from a ConfigMap. */
  fromConfigMap: Set<string>;
  problems: string[];
}

export function resolveEnv(container: IContainer, manifests: Manifest[]): ResolvedEnv {
  const env: ResolvedEnv = { values: {}, secrets: {}, fromConfigMap: new Set(), problems: [] };
  const configMap = (name: string): Record<string, string> | undefined => {
    const found = manifests.find((m) => m.doc.kind === 'ConfigMap' && m.doc.metadata?.name === name);
    if (!found) env.problems.push(`${container.name}: ConfigMap ${name} is not in k8s/`);
    return (found?.doc as IConfigMap | undefined)?.data;
  };
  for (const from of container.envFrom ?? []) {
    if (from.secretRef)
      env.problems.push(`${container.name}: envFrom a Secret hides its keys; use secretKeyRef`);
    if (from.prefix) env.problems.push(`${container.name}: envFrom prefix is not supported here`);
    if (!from.configMapRef) continue;
    for (const [k, v] of Object.entries(configMap(from.configMapRef.name ?? '') ?? {})) {
      env.values[k] = v;
      env.fromConfigMap.add(k);
    }
  }
  for (const e of container.env ?? []) {
    delete env.values[e.name];
    delete env.secrets[e.name];
    env.fromConfigMap.delete(e.name);
    const ref = e.valueFrom;
    if (ref?.secretKeyRef)
      env.secrets[e.name] = { name: ref.secretKeyRef.name ?? '', key: ref.secretKeyRef.key };
    else if (ref?.configMapKeyRef) {
      const v = configMap(ref.configMapKeyRef.name ?? '')?.[ref.configMapKeyRef.key];
      if (v === undefined)
        env.problems.push(`${container.name}: ${e.name} refers to a missing ConfigMap key`);
      else {
        env.values[e.name] = v;
        env.fromConfigMap.add(e.name);
      }
    } else if (ref)
      env.problems.push(`${container.name}: ${e.name}: only values, ConfigMap and Secret keys are checked`);
    else env.values[e.name] = e.value ?? '';
  }
  return env;
}
