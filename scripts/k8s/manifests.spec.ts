// The Kubernetes manifests in k8s/: valid for their kinds, and the deployment rules that must not
// regress. Lives under scripts/ because the unit project's roots are src/ and scripts/ (jest.config.js).
import { join, resolve } from 'node:path';
import { TOPICS } from '../../src/kafka/topics.catalog';
import { loadManifests, type Manifest, validateSchemas } from './manifest-load';
import { configViolations, podViolations, secretViolations, wiringViolations } from './manifest-policy';
import { topicViolations } from './manifest-topics';

const root = resolve(__dirname, '../..');
const set = loadManifests(join(root, 'k8s'));

/** A change to one manifest: `kind/name`, a dotted path or its keys (numbers index lists), the new value. */
type Change = [target: string, path: string | string[], value: unknown];
/** As a value: remove the field. */
const DROP = Symbol('drop');
/** As a value: derive the new value from the old one. */
const edit = (fn: (old: unknown) => unknown) => ({ edit: fn });
const withoutEnv = (name: string) =>
  edit((env) => (env as Array<{ name: string }>).filter((e) => e.name !== name));

const retentionOff = (env: unknown) =>
  (env as Array<{ name: string; value?: string }>).map((e) =>
    e.name === 'RETENTION_SCHEDULE_ENABLED' ? { ...e, value: 'false' } : e,
  );

/** A deep copy of what gets applied, with `changes` made: the checks must catch them. */
function broken(...changes: Change[]): Manifest[] {
  const copy = structuredClone(set.deployable);
  for (const [target, path, value] of changes) {
    const found = copy.find((m) => `${m.doc.kind}/${m.doc.metadata?.name}` === target);
    if (!found) throw new Error(`no ${target} in k8s/`);
    const keys = Array.isArray(path) ? [...path] : path.split('.');
    const last = keys.pop() ?? '';
    let node = found.doc as Record<string, unknown>;
    for (const k of keys) node = node[k] as Record<string, unknown>;
    if (value === DROP) {
      delete node[last];
    } else if (typeof value === 'object' && value !== null && 'edit' in value) {
      node[last] = (value as ReturnType<typeof edit>).edit(node[last]);
    } else {
      node[last] = value;
    }
  }
  return copy;
}

const C0 = 'spec.template.spec.containers.0';

describe('k8s manifests', () => {
  it('parse, and every file is applied by a kustomization, standalone, or an example', () => {
    expect(set.problems).toEqual([]);
    expect(set.deployable.map((m) => m.doc.kind)).toEqual(
      expect.arrayContaining(['Namespace', 'Deployment', 'Service', 'ConfigMap', 'KafkaTopic', 'Job']),
    );
  });

  describe('every document is valid for its kind', () => {
    const cases = set.all.map((m) => [`${m.where} ${m.doc.kind}/${m.doc.metadata?.name}`, m.where] as const);
    let results: Map<string, string | null>;
    beforeAll(() => {
      results = validateSchemas(set.all, root);
    });
    it.each(cases)('%s', (_, where) => {
      expect(results.get(where)).toBeNull();
    });
  });

  it('pods run as non-root on a read-only root filesystem, with resources and probes', () => {
    expect(podViolations(set.deployable)).toEqual([]);
  });

  it('no secret is in the repo: only Secret references, placeholders in the example', () => {
    expect(secretViolations(set)).toEqual([]);
  });

  it('the Deployments set only variables the service reads, every required one, and a valid config', () => {
    const { violations, configs } = configViolations(set.deployable);
    expect(violations).toEqual([]);
    expect(configs.map((c) => c.deployment.metadata?.name).sort()).toEqual(['respite', 'respite-trends']);
  });

  it('the topics are those of the catalog, with their settings, both ways', () => {
    expect(topicViolations(set.deployable)).toEqual([]);
  });

  it('Service, HPA, PDB, NetworkPolicies and ServiceAccount fit the workloads', () => {
    expect(wiringViolations(set.deployable)).toEqual([]);
  });

  describe('the checks catch regressions', () => {
    it('an unknown kind, a schema error and a malformed KafkaTopic', () => {
      const bad: Manifest[] = [
        { where: 'a', file: 'a', doc: { apiVersion: 'apps/v1', kind: 'Deploymnet' } },
        {
          where: 'b',
          file: 'b',
          doc: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 'two' } },
        },
        {
          where: 'c',
          file: 'c',
          doc: {
            apiVersion: 'kafka.strimzi.io/v1beta2',
            kind: 'KafkaTopic',
            metadata: { name: 'X_Y' },
            spec: {},
          },
        },
      ];
      const results = validateSchemas(bad, root);
      expect(results.get('a')).toMatch(/unknown kind/);
      expect(results.get('b')).toMatch(/selector|replicas/);
      expect(results.get('c')).toMatch(/DNS subdomain.*strimzi.io\/cluster.*partitions/);
    });

    it.each<[string, Change, RegExp]>([
      [
        'root filesystem',
        ['Deployment/respite', `${C0}.securityContext.readOnlyRootFilesystem`, false],
        /readOnlyRootFilesystem/,
      ],
      ['root user', ['Job/respite-create-topics', `${C0}.securityContext.runAsUser`, 0], /runAsUser/],
      [
        'no readiness probe',
        ['Deployment/respite-trends', `${C0}.readinessProbe`, DROP],
        /readinessProbe is missing/,
      ],
      ['no limits', ['Deployment/respite', `${C0}.resources.limits`, DROP], /limits.cpu is missing/],
      ['no /tmp', ['Deployment/respite', `${C0}.volumeMounts`, DROP], /no emptyDir at \/tmp/],
      [
        'a mounted token',
        ['Job/respite-create-topics', 'spec.template.spec.automountServiceAccountToken', true],
        /automount/,
      ],
    ])('pods: %s', (_, change, message) => {
      expect(podViolations(broken(change)).join('\n')).toMatch(message);
    });

    it.each<[string, Change, RegExp]>([
      ['a typo', ['Deployment/respite', `${C0}.env.0.name`, 'INFLUX_TOKN'], /INFLUX_TOKN is not in/],
      ['a missing required var', ['Deployment/respite', `${C0}.env`, []], /required PSEUDONYM_KEYS/],
      [
        'production without TRENDS_SALT',
        ['Deployment/respite', `${C0}.env`, withoutEnv('TRENDS_SALT')],
        /TRENDS_SALT/,
      ],
      ['a bad value', ['ConfigMap/respite-config', 'data.TRENDS_K', '3'], /TRENDS_K/],
      ['an http JWKS', ['ConfigMap/respite-config', 'data.JWT_JWKS_URL', 'http://idp/jwks'], /must be https/],
      [
        'a short grace period',
        ['Deployment/respite', 'spec.template.spec.terminationGracePeriodSeconds', 25],
        /terminationGrace/,
      ],
      [
        'two trend schedulers',
        ['Deployment/respite', `${C0}.env`, withoutEnv('TRENDS_SCHEDULE_ENABLED')],
        /SCHEDULE_ENABLED on 2/,
      ],
      [
        'retention on every replica',
        ['Deployment/respite', `${C0}.env`, withoutEnv('RETENTION_SCHEDULE_ENABLED')],
        /RETENTION_SCHEDULE_ENABLED on 2/,
      ],
      [
        'retention nowhere',
        ['Deployment/respite-trends', `${C0}.env`, edit(retentionOff)],
        /RETENTION_SCHEDULE_ENABLED on 0/,
      ],
      [
        'a raw retention under 14 days',
        ['ConfigMap/respite-config', 'data.RETENTION_RAW_DAYS', '7'],
        /RAW_DAYS/,
      ],
      [
        'a scaled trend scheduler',
        ['Deployment/respite-trends', 'spec.replicas', 2],
        /trend schedule with replicas/,
      ],
    ])('config: %s', (_, change, message) => {
      expect(configViolations(broken(change)).violations.join('\n')).toMatch(message);
    });

    it('retention moved to the scaled Deployment: still one Deployment, but many pods', () => {
      const moved = broken(
        ['Deployment/respite', `${C0}.env`, withoutEnv('RETENTION_SCHEDULE_ENABLED')],
        ['Deployment/respite-trends', `${C0}.env`, edit(retentionOff)],
      );
      expect(configViolations(moved).violations.join('\n')).toMatch(
        /runs the retention schedule with replicas ≠ 1/,
      );
    });

    it('secrets: a token in the ConfigMap, a Secret with data, a key the example lacks', () => {
      const deployable = broken(
        ['ConfigMap/respite-config', 'data.INFLUX_TOKEN', 'real-looking'],
        ['Deployment/respite-trends', `${C0}.env.4.valueFrom.secretKeyRef.key`, 'pseudonym-keyz'],
      );
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        stringData: { k: 'hunter2' },
      };
      const leaked = { where: 'secret.yaml#0', file: 'secret.yaml', doc: secret };
      const v = secretViolations({
        ...set,
        all: [...set.all, leaked],
        deployable: [...deployable, leaked],
      }).join('\n');
      expect(v).toMatch(/INFLUX_TOKEN is a secret, not ConfigMap data/);
      expect(v).toMatch(/a Secret with data is applied/);
      expect(v).toMatch(/k is not a REPLACE-ME placeholder/);
      expect(v).toMatch(/pseudonym-keyz, which no example Secret shows/);
    });

    it.each<[string, Change, RegExp]>([
      [
        'a missing KafkaTopic',
        ['KafkaTopic/consent-v1', 'spec.topicName', 'consent.v2'],
        /KafkaTopic: consent.v1 is not created/,
      ],
      [
        'a DLQ kept forever',
        ['KafkaTopic/wearables-sleep-v1-dlq', 'spec.config', DROP],
        /sleep.v1.dlq needs retention.ms=604800000/,
      ],
      [
        'an uncompacted state topic',
        ['KafkaTopic/respite-inbox-v1', ['spec', 'config', 'cleanup.policy'], 'delete'],
        /inbox.v1 needs cleanup.policy=compact/,
      ],
      [
        'a topic the Job forgets',
        [
          'Job/respite-create-topics',
          `${C0}.args.0`,
          edit((s) => String(s).replace(/create "\$\{TOPIC_NUDGES\}"/, '')),
        ],
        /Job: nudges.v1 is not created/,
      ],
      [
        'more replicas than partitions',
        ['HorizontalPodAutoscaler/respite', 'spec.maxReplicas', 8],
        /maxReplicas 8 > 6 partitions/,
      ],
      [
        'a KafkaTopic and the Job apart',
        ['KafkaTopic/nudges-v1', 'spec.partitions', 12],
        /nudges.v1: the KafkaTopic and the Job disagree/,
      ],
    ])('topics: %s', (_, change, message) => {
      expect(topicViolations(broken(change)).join('\n')).toMatch(message);
    });

    it('topics: a new topic in the catalog', () => {
      const audit = { env: 'TOPIC_AUDIT', name: 'audit.v1', kind: 'feed', partitions: 6, note: '' } as const;
      expect(topicViolations(set.deployable, { ...TOPICS, audit }).join('\n')).toMatch(
        /audit.v1 is not created/,
      );
    });

    it.each<[string, Change, RegExp]>([
      [
        'a Service selecting nothing',
        ['Service/respite', 'spec.selector', { app: 'web' }],
        /selects no Deployment/,
      ],
      ['a PDB that blocks drains', ['PodDisruptionBudget/respite', 'spec.minAvailable', 2], /minAvailable/],
      [
        'pods no NetworkPolicy covers',
        ['NetworkPolicy/respite', 'spec.podSelector.matchLabels', { x: 'y' }],
        /no NetworkPolicy restricts/,
      ],
      [
        'ingress to another port',
        ['NetworkPolicy/respite', 'spec.ingress.0.ports.0.port', 9229],
        /other than 3000/,
      ],
      ['egress anywhere', ['NetworkPolicy/respite', 'spec.egress.1.ports', DROP], /allows every port/],
      [
        'a ServiceAccount with a token',
        ['ServiceAccount/respite', 'automountServiceAccountToken', true],
        /automount/,
      ],
    ])('wiring: %s', (_, change, message) => {
      expect(wiringViolations(broken(change)).join('\n')).toMatch(message);
    });
  });
});
