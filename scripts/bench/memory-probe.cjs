// Loaded into the service (`--require`) by scripts/bench/idle-memory.ts. On SIGWINCH it writes
// process.memoryUsage(), V8's spaces and code statistics and the modules loaded per package to
// PROBE_DIR/idle-<pid>.json; on SIGPWR a heap snapshot. Not SIGUSR2: Nest's shutdown hooks take it.
const v8 = require('node:v8');
const { writeFileSync } = require('node:fs');

const dir = process.env.PROBE_DIR ?? 'bench-results';
const MiB = 1048576;
const mib = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round((v / MiB) * 10) / 10]));

process.on('SIGWINCH', () => {
  const packages = {};
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file);
    const name = m ? m[1] : '(the service)';
    packages[name] = (packages[name] ?? 0) + 1;
  }
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics())
    if (s.space_size > 0) spaces[s.space_name] = mib({ size: s.space_size, used: s.space_used_size });
  writeFileSync(
    `${dir}/idle-${process.pid}.json`,
    JSON.stringify({
      memory: mib(process.memoryUsage()),
      spaces,
      code: mib(v8.getHeapCodeStatistics()),
      modules: Object.keys(require.cache).length,
      packages: Object.entries(packages).sort((a, b) => b[1] - a[1]),
    }),
  );
});
process.on('SIGPWR', () => v8.writeHeapSnapshot(`${dir}/idle-${process.pid}.heapsnapshot`));

// PROBE_SNAPSHOT_AT_MIB=N: one heap snapshot when RSS first reaches N MiB (mid-ingest in the bench),
// with process.memoryUsage() at that moment beside it. A snapshot holds only what is reachable; writing
// it stops the service for seconds and adds to its RSS, so that run's throughput and peak are not figures.
const at = Number(process.env.PROBE_SNAPSHOT_AT_MIB ?? 0);
if (at > 0) {
  const timer = setInterval(() => {
    if (process.memoryUsage.rss() < at * MiB) return;
    clearInterval(timer);
    writeFileSync(`${dir}/rss-${process.pid}.json`, JSON.stringify(mib(process.memoryUsage())));
    v8.writeHeapSnapshot(`${dir}/rss-${process.pid}.heapsnapshot`);
  }, 100);
  timer.unref();
}
