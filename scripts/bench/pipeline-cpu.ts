// The pure ingest pipeline on one core, on the benchmark's readings: readings/s and µs per reading.
// No servers. `npx tsx scripts/bench/pipeline-cpu.ts [--n 200000] [--rounds 3]`
import { parseArgs } from 'node:util';
import { batchLines, processBatch } from '../../src/ingest/ingest.pipeline';
import type { RawRecord } from '../../src/kafka/kafka.types';
import { benchReadings, benchSubjects } from './dataset';

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' } },
});
const n = Number(args.n);
const subjects = benchSubjects(2_000, 'cpu');
const records: RawRecord[] = benchReadings(n, subjects).map((m, i) => ({
  topic: m.topic,
  partition: 0,
  offset: String(i),
  key: Buffer.from(m.key),
  value: Buffer.from(m.value),
  timestampMs: 0,
}));
const pids = new Map(subjects.map((s, i) => [s, `b1.${i.toString(36).padStart(22, '0')}`]));
const deps = {
  kindOf: (t: string) => (t === 'hrv' ? 'hrv' : 'sleep') as 'hrv' | 'sleep',
  consents: () => true,
  pid: (s: string) => pids.get(s)!,
  nowMs: Date.now(),
  maxBytes: 262_144,
  maxFutureMs: 86_400_000,
};
for (let round = 1; round <= Number(args.rounds); round++) {
  const t0 = performance.now();
  let lines = 0;
  for (let i = 0; i < records.length; i += 5_000)
    lines += batchLines(processBatch(records.slice(i, i + 5_000), deps)).length;
  const s = (performance.now() - t0) / 1000;
  console.log(
    `round ${round}: ${Math.round(n / s)} readings/s on one core, ${((s * 1e6) / n).toFixed(1)} µs per reading (${lines} lines)`,
  );
}
