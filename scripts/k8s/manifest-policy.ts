// What k8s/ must keep true beyond schema validity. Each check returns its violations, so a test can
// show it fails on a broken copy of the manifests.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type AppConfig, envSchema, parseConfig } from '../../src/config/config.schema';
import { resolveVapid } from '../../src/nudges/push/push.vapid';
import { trendSettings } from '../../src/trends/trends.settings';
import { EXAMPLES, type Manifest, type ManifestSet, resolveEnv } from './manifest-load';

/** Variables whose value is a secret: only ever from a Secret, never in a ConfigMap or a literal. */
export const SECRET_VARS = [
  'PSEUDONYM_KEYS',
  'INFLUX_TOKEN',
  'JWT_SECRET',
  'VAPID_PRIVATE_KEY',
  'TRENDS_SALT',
];
/** What the example Secret's values must contain, so that no real secret sits in the repo. */
const PLACEHOLDER = 'REPLACE-ME';

export function ofKind<T>(ms: Manifest[], kind: string): Array<{ where: string; obj: T }> {
  return ms.filter((m) => m.doc.kind === kind).map((m) => ({ where: m.where, obj: m.doc as unknown as T }));
}

export interface Workload {
  where: string;
  kind: string;
  name: string;
  template: IPodTemplateSpec;
  /** Serves and stays up (probes apply), unlike a Job. */
  service: boolean;
}

export function workloads(ms: Manifest[]): Workload[] {
  const of = (kind: string, obj: IDeployment | IJob, where: string): Workload => ({
    where,
    kind,
    name: obj.metadata?.name ?? '?',
    template: obj.spec?.template ?? {},
    service: kind === 'Deployment',
  });
  return [
    ...ofKind<IDeployment>(ms, 'Deployment').map(({ where, obj }) => of('Deployment', obj, where)),
    ...ofKind<IJob>(ms, 'Job').map(({ where, obj }) => of('Job', obj, where)),
  ];
}

export function podViolations(ms: Manifest[]): string[] {
  const v: string[] = [];
  for (const m of ms) {
    const spec = m.doc.spec as Record<string, unknown> | undefined;
    if ((spec?.template || spec?.jobTemplate) && !['Deployment', 'Job'].includes(m.doc.kind)) {
      v.push(`${m.where}: ${m.doc.kind} has pods this check does not cover`);
    }
  }
  for (const w of workloads(ms)) {
    const at = `${w.where} ${w.kind}/${w.name}`;
    const pod = w.template.spec;
    if (!pod) {
      v.push(`${at}: no pod spec`);
      continue;
    }
    if (pod.automountServiceAccountToken !== false)
      v.push(`${at}: automountServiceAccountToken must be false`);
    const psc = pod.securityContext ?? {};
    const tmpVolumes = new Set((pod.volumes ?? []).filter((vol) => vol.emptyDir).map((vol) => vol.name));
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const cat = `${at} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) v.push(`${cat}: runAsNonRoot must be true`);
      const uid = sc.runAsUser ?? psc.runAsUser;
      if (uid === undefined || uid === 0) v.push(`${cat}: runAsUser must be a non-root uid`);
      if (sc.readOnlyRootFilesystem !== true) v.push(`${cat}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) v.push(`${cat}: allowPrivilegeEscalation must be false`);
      if (sc.privileged) v.push(`${cat}: privileged`);
      if (!sc.capabilities?.drop?.includes('ALL')) v.push(`${cat}: capabilities must drop ALL`);
      if (sc.capabilities?.add?.length) v.push(`${cat}: adds capabilities`);
      const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
        v.push(`${cat}: seccompProfile RuntimeDefault`);
      if (!(c.volumeMounts ?? []).some((vm) => vm.mountPath === '/tmp' && tmpVolumes.has(vm.name))) {
        v.push(`${cat}: no emptyDir at /tmp (the root filesystem is read-only)`);
      }
      v.push(...resourceViolations(cat, c));
      if (!/^[^@]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/.test(c.image ?? '') || c.image?.endsWith(':latest')) {
        v.push(`${cat}: image "${c.image}" needs a pinned tag or digest`);
      }
      if (w.service) v.push(...probeViolations(cat, c));
    }
  }
  return v;
}

function resourceViolations(cat: string, c: IContainer): string[] {
  const v: string[] = [];
  for (const r of ['cpu', 'memory']) {
    const req = c.resources?.requests?.[r];
    const lim = c.resources?.limits?.[r];
    if (req === undefined) v.push(`${cat}: resources.requests.${r} is missing`);
    if (lim === undefined) v.push(`${cat}: resources.limits.${r} is missing`);
    if (req !== undefined && lim !== undefined && quantity(req) > quantity(lim)) {
      v.push(`${cat}: resources.requests.${r} exceeds its limit`);
    }
  }
  return v;
}

const UNITS: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
};

function quantity(q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(String(q));
  return m ? Number(m[1]) * (UNITS[m[2] ?? ''] ?? Number.NaN) : Number.NaN;
}

function probeViolations(cat: string, c: IContainer): string[] {
  const v: string[] = [];
  const ports = new Set<string | number>(
    (c.ports ?? []).flatMap((p) => [p.containerPort, ...(p.name ? [p.name] : [])]),
  );
  const probes: Array<[string, IProbe | undefined, string]> = [
    ['livenessProbe', c.livenessProbe, '/health/live'],
    ['readinessProbe', c.readinessProbe, '/health/ready'],
    ['startupProbe', c.startupProbe, '/health/live'],
  ];
  for (const [field, probe, path] of probes) {
    if (!probe) v.push(`${cat}: ${field} is missing`);
    else if (probe.httpGet?.path !== path) v.push(`${cat}: ${field} must GET ${path}`);
    else if (!ports.has(probe.httpGet.port)) v.push(`${cat}: ${field} port is not a container port`);
  }
  return v;
}

export function secretViolations(set: Pick<ManifestSet, 'all' | 'deployable' | 'kustomizations'>): string[] {
  const v: string[] = [];
  for (const k of set.kustomizations) {
    if (k.doc.secretGenerator) v.push(`${k.where}: secretGenerator puts secrets in the repo`);
  }
  for (const { where, obj } of ofKind<ISecret>(set.deployable, 'Secret')) {
    if (obj.data || obj.stringData) v.push(`${where}: a Secret with data is applied from the repo`);
  }
  const examples = ofKind<ISecret>(
    set.all.filter((m) => EXAMPLES.includes(m.file)),
    'Secret',
  );
  for (const { where, obj } of ofKind<ISecret>(set.all, 'Secret')) {
    const values = [
      ...Object.entries(obj.stringData ?? {}),
      ...Object.entries(obj.data ?? {}).map(
        ([k, b64]) => [k, Buffer.from(b64, 'base64').toString()] as const,
      ),
    ];
    for (const [k, value] of values) {
      if (!value.includes(PLACEHOLDER)) v.push(`${where}: ${k} is not a ${PLACEHOLDER} placeholder`);
    }
  }
  for (const { where, obj } of ofKind<IConfigMap>(set.deployable, 'ConfigMap')) {
    for (const k of Object.keys(obj.data ?? {})) {
      if (SECRET_VARS.includes(k)) v.push(`${where}: ${k} is a secret, not ConfigMap data`);
    }
  }
  for (const w of workloads(set.deployable)) {
    for (const c of w.template.spec?.containers ?? []) {
      const env = resolveEnv(c, set.deployable);
      for (const k of SECRET_VARS) {
        if (k in env.values) v.push(`${w.where} ${c.name}: ${k} must come from a secretKeyRef`);
      }
      for (const [name, ref] of Object.entries(env.secrets)) {
        const example = examples.find((e) => e.obj.metadata?.name === ref.name)?.obj;
        if (!example?.stringData?.[ref.key] && !example?.data?.[ref.key]) {
          v.push(`${w.where} ${c.name}: ${name} reads ${ref.name}/${ref.key}, which no example Secret shows`);
        }
      }
    }
  }
  return v;
}

/** Valid stand-ins for what Secrets hold, so that the whole environment can be parsed. */
function fakeSecrets(): Record<string, string> {
  const vapid = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = vapid.privateKey.export({ format: 'jwk' });
  const point = [
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ];
  const jwt = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    PSEUDONYM_KEYS: `k1:${randomBytes(32).toString('hex')}`,
    INFLUX_TOKEN: randomBytes(24).toString('base64url'),
    VAPID_PUBLIC_KEY: Buffer.concat(point).toString('base64url'),
    VAPID_PRIVATE_KEY: jwk.d ?? '',
    TRENDS_SALT: randomBytes(24).toString('base64url'),
    JWT_PUBLIC_KEY: jwt.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
}

export interface ServiceConfig {
  where: string;
  deployment: IDeployment;
  config: AppConfig;
}

/**
 * Every variable a Deployment sets is one the service reads; every required one is set; and the
 * environment (Secrets stood in for) passes the same start-up checks as in production.
 */
export function configViolations(ms: Manifest[]): { violations: string[]; configs: ServiceConfig[] } {
  const v: string[] = [];
  const configs: ServiceConfig[] = [];
  const shape: Record<string, { safeParse(x: unknown): { success: boolean } }> = envSchema.shape;
  const required = Object.keys(shape).filter((k) => !shape[k]?.safeParse(undefined).success);
  const fakes = fakeSecrets();
  for (const { where, obj } of ofKind<IDeployment>(ms, 'Deployment')) {
    const pod = obj.spec?.template.spec;
    for (const c of pod?.containers ?? []) {
      const at = `${where} ${c.name}`;
      const env = resolveEnv(c, ms);
      v.push(...env.problems.map((p) => `${where} ${p}`));
      const names = [...Object.keys(env.values), ...Object.keys(env.secrets)];
      for (const n of names) if (!(n in shape)) v.push(`${at}: ${n} is not in src/config/config.schema.ts`);
      for (const n of required) if (!names.includes(n)) v.push(`${at}: required ${n} is not set`);
      const processEnv: Record<string, string> = { ...env.values };
      for (const n of Object.keys(env.secrets)) {
        const fake = fakes[n];
        if (fake === undefined) v.push(`${at}: no stand-in for secret ${n} in fakeSecrets()`);
        else processEnv[n] = fake;
      }
      let config: AppConfig;
      try {
        config = parseConfig(processEnv);
        resolveVapid(config, () => undefined);
        trendSettings(config, () => undefined);
      } catch (err) {
        v.push(`${at}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      configs.push({ where, deployment: obj, config });
      if (config.NODE_ENV !== 'production') v.push(`${at}: NODE_ENV must be production`);
      if (!c.ports?.some((p) => p.name === 'http' && p.containerPort === config.PORT)) {
        v.push(`${at}: no container port "http" at PORT ${config.PORT}`);
      }
      const preStop = c.lifecycle?.preStop?.exec?.command ?? [];
      const pauseMs = preStop[0] === 'sleep' ? Number(preStop[1]) * 1000 : 0;
      const graceMs = (pod?.terminationGracePeriodSeconds ?? 30) * 1000;
      if (graceMs <= config.SHUTDOWN_DEADLINE_MS + pauseMs) {
        v.push(
          `${at}: terminationGracePeriodSeconds must exceed SHUTDOWN_DEADLINE_MS plus the preStop pause`,
        );
      }
    }
  }
  v.push(...singletonViolations(configs, ofKind<IHorizontalPodAutoscaler>(ms, 'HorizontalPodAutoscaler')));
  return { violations: v, configs };
}

/** Schedules that must run on exactly one instance (config.schema.ts); with none, nothing would. */
const SINGLETONS = [
  ['TRENDS_SCHEDULE_ENABLED', 'trend schedule'],
  ['RETENTION_SCHEDULE_ENABLED', 'retention schedule'],
] as const;

/** Ingest runs somewhere; each singleton schedule on one Deployment of one pod, never two at once. */
function singletonViolations(
  configs: ServiceConfig[],
  hpas: Array<{ obj: IHorizontalPodAutoscaler }>,
): string[] {
  const v: string[] = [];
  if (!configs.some((c) => c.config.INGEST_ENABLED)) v.push('no Deployment runs the ingest');
  for (const [flag, what] of SINGLETONS) {
    const running = configs.filter((c) => c.config[flag]);
    if (running.length !== 1) v.push(`${flag} on ${running.length} Deployments, not 1`);
    for (const { where, deployment: d } of running) {
      const name = d.metadata?.name;
      if (d.spec?.replicas !== 1) v.push(`${where}: runs the ${what} with replicas ≠ 1`);
      if (d.spec?.strategy?.type !== 'Recreate') v.push(`${where}: runs the ${what} without Recreate`);
      if (hpas.some((h) => h.obj.spec?.scaleTargetRef.name === name)) v.push(`${where}: ${what} autoscaled`);
    }
  }
  return v;
}

function selects(selector: { matchLabels?: Record<string, string> } | undefined, labels = {}): boolean {
  const have: Record<string, string> = labels;
  return Object.entries(selector?.matchLabels ?? {}).every(([k, val]) => have[k] === val);
}

/** Service, autoscaler, disruption budget, network policies and ServiceAccount fit the workloads. */
export function wiringViolations(ms: Manifest[]): string[] {
  const v: string[] = [];
  const deployments = ofKind<IDeployment>(ms, 'Deployment');
  const hpas = ofKind<IHorizontalPodAutoscaler>(ms, 'HorizontalPodAutoscaler');
  for (const { where, obj } of ofKind<IService>(ms, 'Service')) {
    const targets = deployments.filter((d) =>
      selects({ matchLabels: obj.spec?.selector }, d.obj.spec?.template.metadata?.labels),
    );
    if (targets.length === 0) v.push(`${where}: selects no Deployment's pods`);
    if ((obj.spec?.type ?? 'ClusterIP') !== 'ClusterIP') v.push(`${where}: must be ClusterIP`);
    for (const p of obj.spec?.ports ?? []) {
      const found = targets.some((d) =>
        d.obj.spec?.template.spec?.containers.some((c) =>
          c.ports?.some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort),
        ),
      );
      if (!found) v.push(`${where}: targetPort ${String(p.targetPort)} is no container port`);
    }
  }
  for (const { where, obj } of hpas) {
    const ref = obj.spec?.scaleTargetRef;
    if (!deployments.some((d) => ref?.kind === 'Deployment' && d.obj.metadata?.name === ref.name)) {
      v.push(`${where}: scaleTargetRef is no Deployment here`);
    }
  }
  for (const { where, obj } of ofKind<IPodDisruptionBudget>(ms, 'PodDisruptionBudget')) {
    const targets = deployments.filter((d) =>
      selects(obj.spec?.selector, d.obj.spec?.template.metadata?.labels),
    );
    if (targets.length === 0) v.push(`${where}: selects no Deployment's pods`);
    for (const d of targets) {
      const hpa = hpas.find((h) => h.obj.spec?.scaleTargetRef.name === d.obj.metadata?.name)?.obj.spec
        ?.minReplicas;
      const least = Math.min(d.obj.spec?.replicas ?? 1, hpa ?? Number.POSITIVE_INFINITY);
      if (typeof obj.spec?.minAvailable !== 'number' || obj.spec.minAvailable >= least) {
        v.push(`${where}: minAvailable must be a number below the ${least} replicas, or no node can drain`);
      }
    }
  }
  v.push(...networkViolations(ms));
  const accounts = ofKind<IServiceAccount>(ms, 'ServiceAccount');
  for (const w of workloads(ms)) {
    const sa = accounts.find(
      (a) => a.obj.metadata?.name === (w.template.spec?.serviceAccountName ?? 'default'),
    );
    if (!sa) v.push(`${w.where}: its ServiceAccount is not in k8s/`);
    else if (sa.obj.automountServiceAccountToken !== false)
      v.push(`${sa.where}: automountServiceAccountToken`);
  }
  return v;
}

function networkViolations(ms: Manifest[]): string[] {
  const v: string[] = [];
  const policies = ofKind<INetworkPolicy>(ms, 'NetworkPolicy');
  for (const w of workloads(ms)) {
    const own = policies.filter((p) => selects(p.obj.spec?.podSelector, w.template.metadata?.labels));
    const types = new Set(own.flatMap((p) => p.obj.spec?.policyTypes ?? []));
    if (!types.has('Ingress') || !types.has('Egress')) {
      v.push(`${w.where}: no NetworkPolicy restricts both ingress and egress of its pods`);
    }
  }
  for (const { where, obj } of policies) {
    for (const rule of obj.spec?.ingress ?? []) {
      if (!rule.from?.length) v.push(`${where}: an ingress rule admits every source`);
      for (const p of rule.ports ?? [{}]) {
        if (p.port !== 3000 && p.port !== 'http') v.push(`${where}: ingress to a port other than 3000`);
      }
    }
    for (const rule of obj.spec?.egress ?? []) {
      if (!rule.to?.length) v.push(`${where}: an egress rule allows every destination`);
      if (!rule.ports?.length) v.push(`${where}: an egress rule allows every port`);
    }
    if (obj.spec?.egress?.length && !obj.spec.egress.some((r) => r.ports?.some((p) => p.port === 53))) {
      v.push(`${where}: egress allows no DNS`);
    }
  }
  return v;
}
