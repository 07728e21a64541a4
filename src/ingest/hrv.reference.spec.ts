// hrv.metrics.ts against an independent implementation, hrv-analysis (PyPI), run by
// scripts/pyref/hrv_reference.py in the venv that scripts/pyref/setup.sh builds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { hrvFromRr } from './hrv.metrics';

const PYREF_DIR = join(__dirname, '..', '..', 'scripts', 'pyref');
const TOLERANCE_MS = 0.1;

/** The venv python: $RESPITE_PYREF_PYTHON, else setup.sh's venv if built from this requirements.txt. */
function pyrefPython(): string {
  const fromEnv = process.env.RESPITE_PYREF_PYTHON;
  if (fromEnv) return fromEnv;
  const venv = join(process.env.RESPITE_CACHE || join(homedir(), '.cache', 'respite'), 'pyref-venv');
  const python = join(venv, 'bin', 'python');
  const stamp = join(venv, '.requirements.sha256');
  const want = createHash('sha256')
    .update(readFileSync(join(PYREF_DIR, 'requirements.txt')))
    .digest('hex');
  if (!existsSync(python) || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== want) {
    throw new Error(
      `HRV reference venv missing or out of date at ${venv}: run \`bash scripts/pyref/setup.sh\` ` +
        '(or point RESPITE_PYREF_PYTHON at a python with hrv-analysis)',
    );
  }
  return python;
}

type Reference = { rmssdMs: number; sdnnMs: number };

function runReference(python: string, series: number[][]): Reference[] {
  const run = spawnSync(python, [join(PYREF_DIR, 'hrv_reference.py')], {
    input: JSON.stringify({ series }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`hrv_reference.py exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Reference[];
}

/** mulberry32: small, seeded, and the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sinus rhythm: baseline, drift, respiratory modulation and jitter, at a device's resolution. */
function cleanSeries(rand: () => number, n: number): number[] {
  const base = 650 + rand() * 450;
  const amplitude = 5 + rand() * 35;
  const period = 3.5 + rand() * 3;
  const phase = rand() * 2 * Math.PI;
  const resolution = [1, 1000 / 1024, 0][Math.floor(rand() * 3)] as number; // ms, 1/1024 s, none
  let drift = 0;
  return Array.from({ length: n }, (_, i) => {
    drift = Math.max(-60, Math.min(60, drift + (rand() - 0.5) * 6));
    const rr = base + drift + amplitude * Math.sin((2 * Math.PI * i) / period + phase) + (rand() - 0.5) * 8;
    return resolution ? Math.round(rr / resolution) * resolution : rr;
  });
}

/** Injects ectopic beats with compensatory pauses, missed and extra beats, pauses and glitches. */
function withArtefacts(rand: () => number, rr: number[]): number[] {
  const out = [...rr];
  const count = 1 + Math.floor(rand() * Math.max(1, out.length * 0.04));
  for (let k = 0; k < count; k++) {
    const edge = rand() < 0.1;
    const i = edge ? (rand() < 0.5 ? 0 : out.length - 2) : 1 + Math.floor(rand() * (out.length - 3));
    const a = out[i] as number;
    const b = out[i + 1] as number;
    switch (Math.floor(rand() * 5)) {
      case 0: {
        const premature = a * (0.55 + rand() * 0.2);
        out.splice(i, 2, premature, a + b - premature);
        break;
      }
      case 1:
        out.splice(i, 2, a + b); // missed beat
        break;
      case 2: {
        const part = a * (0.3 + rand() * 0.4);
        out.splice(i, 1, part, a - part); // extra (false) beat
        break;
      }
      case 3:
        out[i] = a * (1.5 + rand() * 2.5); // pause, sometimes beyond 2500 ms
        break;
      default:
        out[i] = rand() < 0.5 ? 100 + rand() * 140 : 2600 + rand() * 2000; // out-of-range glitch
    }
  }
  return out;
}

function cases(): { name: string; rr: number[]; artefacts: boolean }[] {
  const rand = prng(20261120);
  const list: { name: string; rr: number[]; artefacts: boolean }[] = [];
  for (let s = 0; s < 30; s++) {
    list.push({
      name: `clean #${s}`,
      rr: cleanSeries(rand, 30 + Math.floor(rand() * 570)),
      artefacts: false,
    });
  }
  for (let s = 0; s < 60; s++) {
    const rr = withArtefacts(rand, cleanSeries(rand, 30 + Math.floor(rand() * 570)));
    list.push({ name: `artefacts #${s}`, rr, artefacts: true });
  }
  list.push({ name: 'long, artefacts', rr: withArtefacts(rand, cleanSeries(rand, 10_000)), artefacts: true });
  return list;
}

describe('hrvFromRr against hrv-analysis', () => {
  it(`agrees to ${TOLERANCE_MS} ms on clean and artefact-laden series`, () => {
    const python = pyrefPython();
    const all = cases();
    const reference = runReference(
      python,
      all.map((c) => c.rr),
    );
    expect(reference).toHaveLength(all.length);

    const problems: string[] = [];
    for (const [i, c] of all.entries()) {
      const ours = hrvFromRr(c.rr);
      const ref = reference[i] as Reference;
      if (ours === null) {
        problems.push(`${c.name}: ours is null`);
        continue;
      }
      if (c.artefacts !== ours.artefacts > 0) problems.push(`${c.name}: ${ours.artefacts} artefacts`);
      const diff = Math.max(Math.abs(ours.rmssdMs - ref.rmssdMs), Math.abs(ours.sdnnMs - ref.sdnnMs));
      if (!(diff <= TOLERANCE_MS)) {
        problems.push(`${c.name}: ours ${JSON.stringify(ours)}, reference ${JSON.stringify(ref)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
