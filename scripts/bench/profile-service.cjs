// Profiles the service while the bench drives it, written when it gets SIGTERM (Nest re-raises the
// signal after its shutdown, so node's own --cpu-prof, written at a normal exit, never is):
//   RESPITE_PROFILE_DIR=/tmp/p RESPITE_SERVICE_NODE_ARGS="--require ./scripts/bench/profile-service.cjs" \
//     npx tsx scripts/bench/bench.ts --n 200000 --skip-telegraf
// then `npx tsx scripts/bench/profile-summary.ts /tmp/p`. Writes a CPU profile (.cpuprofile), a
// sampling allocation profile counting collected objects too (.heapprofile), and process.memoryUsage()
// with V8's heap spaces every 250 ms (memory.json). Sampling costs the service about a third of its speed.
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const { getHeapSpaceStatistics } = require('node:v8');

const dir = process.env.RESPITE_PROFILE_DIR ?? 'bench-results/profile';
mkdirSync(dir, { recursive: true });
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 65536,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const MiB = 1048576;
const t0 = Date.now();
const memory = [];
setInterval(() => {
  const m = process.memoryUsage();
  const spaces = {};
  for (const s of getHeapSpaceStatistics())
    if (s.space_size > 0) spaces[s.space_name] = [s.space_size / MiB, s.space_used_size / MiB].map(Math.round);
  const mib = (x) => Math.round(x / MiB);
  memory.push({ ms: Date.now() - t0, rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal), external: mib(m.external), arrayBuffers: mib(m.arrayBuffers), spaces });
}, 250).unref();

// the heap in use right after each full collection: what is live, garbage left out
const { PerformanceObserver, constants } = require('node:perf_hooks');
const liveAfterMajorGc = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
      liveAfterMajorGc.push([Date.now() - t0, Math.round(process.memoryUsage().heapUsed / MiB)]);
}).observe({ entryTypes: ['gc'] });

process.prependOnceListener('SIGTERM', () => {
  // an in-process session answers synchronously
  session.post('Profiler.stop', (err, r) => {
    if (!err) writeFileSync(`${dir}/service-${process.pid}.cpuprofile`, JSON.stringify(r.profile));
  });
  session.post('HeapProfiler.stopSampling', (err, r) => {
    if (!err) writeFileSync(`${dir}/service-${process.pid}.heapprofile`, JSON.stringify(r.profile));
  });
  writeFileSync(`${dir}/memory-${process.pid}.json`, JSON.stringify(memory));
  writeFileSync(`${dir}/live-${process.pid}.json`, JSON.stringify(liveAfterMajorGc));
});
