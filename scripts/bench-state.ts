// `tsx scripts/bench-state.ts [--people 100000]`: serialized size of a person's state, heap per
// tracked person in WarningStates (what the service holds), and throughput of evaluation, serialize and restore. Prints
// figures; not a test. States come from 2,000 people fed 90 nights each (with gaps), then cloned by
// restore into distinct pids, so every state is a full 60-night window.
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deflateRawSync } from 'node:zlib';
import { dateOfDay, dayNumber } from '../src/night/night';
import { STATE_BYTES } from '../src/warnings/person.state';
import { DEFAULT_WARNING_CONFIG } from '../src/warnings/warning.config';
import { WarningStates } from '../src/warnings/warning.states';
import { gaussian, prng } from '../tools/simulator/prng';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const argPeople = process.argv.indexOf('--people');
const people = argPeople > 0 ? Number(process.argv[argPeople + 1]) : 100_000;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

const seedReg = new WarningStates(DEFAULT_WARNING_CONFIG);
const rand = prng(1);
const d0 = dayNumber('2026-01-01');
let evaluations = 0;
let t = performance.now();
for (let p = 0; p < 2000; p++) {
  const ln = 3.2 + rand();
  const rhr = 50 + 15 * rand();
  for (let i = 0; i < 90; i++) {
    if (rand() < 0.08) continue;
    seedReg.evaluate(`seed-${p}`, {
      wakeDate: dateOfDay(d0 + i),
      source: 'oura',
      lnRmssd: ln + 0.15 * gaussian(rand),
      rhrBpm: rhr + 2 * gaussian(rand),
      sleepH: 7 + 0.8 * gaussian(rand),
      efficiency: 0.9 + 0.03 * gaussian(rand),
      midpointMin: 210 + 30 * gaussian(rand),
    });
    evaluations++;
  }
}
const evalUs = ((performance.now() - t) * 1000) / evaluations;
const seeds = Array.from({ length: 2000 }, (_, p) => seedReg.snapshot(`seed-${p}`)!);
const deflated = seeds.reduce((n, b) => n + deflateRawSync(b).length, 0) / seeds.length;
const pids = Array.from({ length: people }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));

gc();
const before = process.memoryUsage();
const reg = new WarningStates(DEFAULT_WARNING_CONFIG);
t = performance.now();
for (let i = 0; i < people; i++) reg.reset(pids[i]!, seeds[i % seeds.length]!);
const restoreUs = ((performance.now() - t) * 1000) / people;
gc();
const after = process.memoryUsage();
const heap = after.heapUsed - before.heapUsed;
const buffers = after.arrayBuffers - before.arrayBuffers;
t = performance.now();
let bytes = 0;
for (const pid of pids) bytes += reg.snapshot(pid)!.length;
const serializeUs = ((performance.now() - t) * 1000) / people;

console.log(
  `serialized state: ${STATE_BYTES} bytes per person (fixed; base64 ${Math.ceil(STATE_BYTES / 3) * 4} chars; deflated ~${deflated.toFixed(0)} bytes)`,
);
console.log(
  `${people} people in memory: heap ${mb(heap)} + typed-array buffers ${mb(buffers)} = ${((heap + buffers) / people).toFixed(0)} bytes per person (pid strings and Map included)`,
);
console.log(
  `all states serialized: ${mb(bytes)}; serialize ${serializeUs.toFixed(1)} µs, restore ${restoreUs.toFixed(1)} µs per person`,
);
console.log(`evaluate one night: ${evalUs.toFixed(1)} µs (${evaluations} nights of 2000 people)`);
