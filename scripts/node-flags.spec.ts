// The service's V8 flags have one source, package.json's config.nodeFlags; the image cannot read it
// at start (node must be PID 1, without a shell), so its CMD repeats them and this keeps them equal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceNodeFlags } from '../test/support/service-process';

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('the service’s node flags', () => {
  const flags = serviceNodeFlags();

  it('bound the young generation, and leave the old one to V8 (README "Memory": a cap cost CPU)', () => {
    expect(flags.some((f) => f.startsWith('--max-semi-space-size='))).toBe(true);
    expect(flags.some((f) => f.startsWith('--max-old-space-size='))).toBe(false);
  });

  it('are the image’s, in its CMD before the entry', () => {
    const cmd = read('Dockerfile').match(/^CMD (\[.*\])$/m);
    const argv = JSON.parse(cmd![1]!) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.slice(1, 1 + flags.length)).toEqual(flags);
    expect(argv.at(-1)).toBe('dist/main.js');
  });

  it('are npm start’s', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node $npm_package_config_nodeFlags dist/main.js');
  });

  it('are not overridden by the Kubernetes deployment', () => {
    const deployment = read('k8s/deployment.yaml');
    expect(deployment).not.toMatch(/NODE_OPTIONS/);
    expect(deployment).not.toMatch(/^\s+args:/m);
  });
});
