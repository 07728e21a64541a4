// scripts/stack/up.sh uses docker compose only when it can work: an engine that answers, a compose
// v2+ plugin and the images. A `docker` stand-in on PATH plays each machine (the real engine is
// exercised by scripts/docker/check.sh); the scripts run for real. Lives under scripts/ because the
// unit project's roots are src/ and scripts/ (jest.config.js).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** A `docker` that answers `info`, `compose version`, `image inspect` and `pull` as told. */
function machine(m: { engine: boolean; compose?: string; images?: boolean }): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'respite-docker-'));
  const script = `#!/usr/bin/env bash
case "$1 $2" in
  "info "*) ${m.engine ? 'exit 0' : 'echo "Cannot connect to the Docker daemon" >&2; exit 1'} ;;
  "compose version") ${m.compose ? `echo ${m.compose}; exit 0` : `echo "docker: 'compose' is not a docker command." >&2; exit 1`} ;;
  "compose up") echo "compose up ran" >&2; exit 7 ;;
  "image inspect"|"pull "*) ${m.images ? 'exit 0' : 'exit 1'} ;;
esac
if [ "$1" = --env-file ] || [[ " $* " == *" config --images "* ]]; then echo apache/kafka:4.1.1; echo influxdb:2.7; exit 0; fi
exit 0
`;
  writeFileSync(join(dir, 'docker'), script);
  chmodSync(join(dir, 'docker'), 0o755);
  return { ...process.env, PATH: `${dir}:${process.env.PATH}`, RESPITE_STACK_DIR: join(dir, 'stack') };
}

/** What compose_unusable says (empty when compose can work). */
function unusable(env: NodeJS.ProcessEnv): string {
  const r = spawnSync('bash', ['-c', `root=${root}; . scripts/stack/lib.sh; compose_unusable`], {
    cwd: root,
    env,
  });
  return r.status === 0 ? r.stdout.toString().trim() : '';
}

describe('up.sh: which stack', () => {
  it('names what is missing for docker compose', () => {
    expect(unusable(machine({ engine: false }))).toMatch(/no Docker engine answers/);
    expect(unusable(machine({ engine: true }))).toMatch(/no compose v2\+ plugin/);
    expect(unusable(machine({ engine: true, compose: '1.29.2' }))).toMatch(/no compose v2\+ plugin/);
    expect(unusable(machine({ engine: true, compose: '5.6.0', images: false }))).toMatch(
      /image apache\/kafka:4\.1\.1 is neither here nor pullable/,
    );
    expect(unusable(machine({ engine: true, compose: '5.6.0', images: true }))).toBe('');
    expect(unusable(machine({ engine: true, compose: 'v2.29.7', images: true }))).toBe('');
  });

  it('RESPITE_STACK_MODE=compose refuses, saying why, where an engine answers but no compose plugin does', () => {
    const env = { ...machine({ engine: true }), RESPITE_STACK_MODE: 'compose' };
    const r = spawnSync('bash', ['scripts/stack/up.sh'], { cwd: root, env });
    const err = r.stderr.toString();
    expect(r.status).not.toBe(0);
    expect(err).toMatch(/RESPITE_STACK_MODE=compose, but no compose v2\+ plugin/);
    expect(err).not.toMatch(/compose up ran/);
  });

  it('refuses an unknown mode', () => {
    const env = { ...machine({ engine: true }), RESPITE_STACK_MODE: 'kubernetes' };
    expect(() => execFileSync('bash', ['scripts/stack/up.sh'], { cwd: root, env, stdio: 'pipe' })).toThrow(
      /must be native, compose or auto/,
    );
  });
});
