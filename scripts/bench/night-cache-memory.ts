// What the night-sample cache really holds per person and per sample, against what its bound counts
// (SAMPLE_BYTES, PERSON_BYTES): fills a NightAssembler with P people × S samples and prints the
// heap and array-buffer bytes it added.
//   node --expose-gc --import tsx scripts/bench/night-cache-memory.ts [--people 10000] [--samples 80]
import { parseArgs } from 'node:util';
import type { HrvSample } from '../../src/night/night.assemble';
import { NightAssembler } from '../../src/night/night.samples';

const { values: args } = parseArgs({
  options: { people: { type: 'string', default: '10000' }, samples: { type: 'string', default: '80' } },
});
const people = Number(args.people);
const perPerson = Number(args.samples);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** Heap and array-buffer bytes in use, after collections (array buffers are freed a moment after). */
async function used(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  const pids = Array.from({ length: people }, (_, i) => `pid-${String(i).padStart(16, '0')}`);
  const before = await used();
  const cache = new NightAssembler(256, Number.MAX_SAFE_INTEGER);
  const t0 = Date.UTC(2026, 0, 1);
  for (let k = 0; k < perPerson; k++)
    for (const pid of pids) {
      const s: HrvSample = {
        source: 'oura',
        atMs: t0 + k * 300_000,
        night: 20_454,
        rmssdMs: 40 + k,
        restingHrBpm: 55,
      };
      cache.add(pid, s, -1);
    }
  const added = (await used()) - before;
  const samples = people * perPerson;
  console.log(
    JSON.stringify({
      people,
      samples,
      measuredBytes: added,
      countedBytes: cache.heldBytes,
      measuredPerSample: Math.round((added / samples) * 10) / 10,
      countedPerSample: Math.round((cache.heldBytes / samples) * 10) / 10,
    }),
  );
}

void main();
