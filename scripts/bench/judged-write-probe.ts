// What the warnings' write of a recorded night costs InfluxDB, whole point again or `judged` alone (#21):
//   npx tsx scripts/bench/judged-write-probe.ts [--people 100000] [--repeat 2] [--forms whole,judged]
// For each form and repeat, in a bucket of its own (28-day shard groups, as the service sets):
// ingest's `daily` point of last night for every person (a live night), then, once influxd is quiet,
// the warnings' lines for the same nights in requests of 2,000 (a processor step), one at a time.
// Prints influxd's CPU for those writes until it is quiet again (per 1,000 nights), their wall time
// and bytes, the bucket's write cache after them, and an erasure of one person then (InfluxQL
// DELETE, as PointEraser): its time and influxd's CPU. The bucket is dropped after.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { InfluxDB } from '@influxdata/influxdb-client';
import type { JudgedNight } from '../../src/baseline/judged.night';
import { PointEraser } from '../../src/influx/influx.eraser';
import { dailyLine, judgedLine } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import type { NightInput } from '../../src/night/night';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { ownBucket } from '../../test/support/buckets';
import { loadStackEnv } from '../lib/stack-env';
import { cpuSeconds, serverPids, settle } from './cpu';
import { cacheBytes } from './influx-cache';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '2' },
    forms: { type: 'string', default: 'whole,judged' },
  },
});

const root = `${__dirname}/../..`;
const stack = loadStackEnv(root);
const wake = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Person i's night and what it was judged against: full-precision values, as the engine's. */
function nightOf(i: number): [NightInput, JudgedNight] {
  const r = (k: number) => ((i * 7919 + k * 104_729) % 10_007) / 10_007 + 1e-9 * i;
  const night: NightInput = {
    wakeDate: wake,
    source: 'oura',
    lnRmssd: 3.4 + r(1) / 2,
    rhrBpm: 50 + 12 * r(2),
    sleepH: 5.5 + 3 * r(3),
    efficiency: 0.8 + r(4) / 6,
    midpointMin: 150 + 90 * r(5),
    utcOffsetMinutes: 60,
  };
  const band = (c: number, s: number, k: number) => ({ center: c + r(k), scale: s * (1 + r(k + 1)) });
  return [
    night,
    {
      hrvMeasure: 1,
      offPhase: false,
      hrv: band(3.6, 0.08, 6),
      rhr: band(55, 1.5, 8),
      sleep: band(7, 0.4, 10),
    },
  ];
}

async function once(form: string, pids: readonly string[]): Promise<string> {
  const bucket = await ownBucket(stack, `judged-${form}`, { shardGroupDays: 28 });
  try {
    const influx = new InfluxDB({ url: stack.INFLUX_URL!, token: stack.INFLUX_TOKEN!, timeout: 120_000 });
    const writer = new PointWriter(influx, { ...bucket.settings, INFLUX_WRITE_TIMEOUT_MS: 120_000 });
    const nights = pids.map((_, i) => nightOf(i));
    for (let i = 0; i < pids.length; i += 20_000)
      await writer.write(pids.slice(i, i + 20_000).map((pid, k) => dailyLine(pid, nights[i + k]![0])));
    await settle(root, 600_000);
    const influxd = serverPids(root).influxd;
    const load = loadavg()[0]!.toFixed(1);
    const cpu0 = cpuSeconds(influxd);
    const t = performance.now();
    let bytes = 0;
    for (let i = 0; i < pids.length; i += 2_000) {
      const lines = pids.slice(i, i + 2_000).map((pid, k) => {
        const [night, judged] = nights[i + k]!;
        return form === 'judged' ? judgedLine(pid, night, judged) : dailyLine(pid, night, judged);
      });
      for (const l of lines) bytes += l.length + 1;
      await writer.write(lines);
    }
    const wall = (performance.now() - t) / 1000;
    await settle(root, 600_000);
    const cpu = cpuSeconds(influxd) - cpu0;
    const cacheMb = (await cacheBytes(stack.INFLUX_URL!, bucket.id)) / 1e6;
    const eraser = new PointEraser(influx, bucket.settings);
    const e0 = cpuSeconds(influxd);
    const te = performance.now();
    await eraser.erasePid(pids[pids.length >> 1]!);
    const erase = (performance.now() - te) / 1000;
    const eraseCpu = cpuSeconds(influxd) - e0;
    const per1000 = (cpu * 1e6) / pids.length;
    return `| ${form} | ${per1000.toFixed(1)} ms | ${wall.toFixed(2)} s | ${(bytes / pids.length).toFixed(0)} B | ${cacheMb.toFixed(1)} MB | ${erase.toFixed(2)} s (${eraseCpu.toFixed(2)} s) | ${load} |`;
  } finally {
    await bucket.drop();
  }
}

async function main(): Promise<void> {
  const p = new Pseudonymizer([{ keyId: 's1', secret: randomBytes(24).toString('hex') }]);
  const pids = Array.from({ length: Number(args.people) }, (_, i) => p.pid(`probe-${i}`));
  console.log(
    '| the warnings write | influxd CPU per 1,000 nights | wall | bytes per night | write cache after | erasure (influxd CPU) | load |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (let r = 0; r < Number(args.repeat); r++)
    for (const form of args.forms.split(',')) console.log(await once(form, pids));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
