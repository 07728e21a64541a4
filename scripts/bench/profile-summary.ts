// Summarises what scripts/bench/profile-service.cjs wrote: the functions with the most CPU self time
// (share of the busy samples) and of allocated bytes, by function and by package or file, and the
// memory timeline's peaks. `npx tsx scripts/bench/profile-summary.ts DIR [top=20]`
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuNode {
  id: number;
  callFrame: Frame;
}
interface HeapNode {
  callFrame: Frame;
  selfSize: number;
  children: HeapNode[];
}

const [dir = 'bench-results/profile', topArg = '20'] = process.argv.slice(2);
const top = Number(topArg);
const where = (f: Frame) => f.url.replace(/^.*\/(node_modules|dist|src)\//, '$1/');
const fn = (f: Frame) =>
  `${f.functionName || '(anonymous)'} ${where(f)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
const pkg = (f: Frame) => {
  const m = f.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1]!;
  if (f.url.includes('/dist/')) return `dist/${f.url.split('/dist/')[1]}`;
  return f.url.startsWith('node:') ? 'node internals' : f.url || f.functionName;
};

function add(m: Map<string, number>, k: string, v: number) {
  m.set(k, (m.get(k) ?? 0) + v);
}
function print(title: string, m: Map<string, number>, total: number, unit: (v: number) => string) {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${unit(v).padStart(9)}  ${k}`);
}

for (const file of readdirSync(dir)) {
  const path = join(dir, file);
  if (file.endsWith('.cpuprofile')) {
    const p = JSON.parse(readFileSync(path, 'utf8')) as { nodes: CpuNode[]; samples: number[] };
    const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
    const self = new Map<string, number>();
    const byPkg = new Map<string, number>();
    let busy = 0;
    for (const id of p.samples) {
      const f = byId.get(id)!;
      if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
      busy++;
      add(self, fn(f), 1);
      add(byPkg, pkg(f), 1);
    }
    console.log(`${file}: ${p.samples.length} samples, ${busy} busy`);
    print('CPU self time by function (% of busy samples)', self, busy, (v) => `${v}`);
    print('CPU self time by package or file', byPkg, busy, (v) => `${v}`);
  } else if (file.endsWith('.heapprofile')) {
    const p = JSON.parse(readFileSync(path, 'utf8')) as { head: HeapNode };
    const self = new Map<string, number>();
    const byPkg = new Map<string, number>();
    let total = 0;
    const walk = (n: HeapNode) => {
      total += n.selfSize;
      add(self, fn(n.callFrame), n.selfSize);
      add(byPkg, pkg(n.callFrame), n.selfSize);
      n.children.forEach(walk);
    };
    walk(p.head);
    const mib = (v: number) => `${(v / 1048576).toFixed(0)} MiB`;
    console.log(`\n${file}: ${mib(total)} allocated (sampled, collected objects included)`);
    print('allocated bytes by function', self, total, mib);
    print('allocated bytes by package or file', byPkg, total, mib);
  } else if (file.startsWith('live-') && file.endsWith('.json')) {
    const live = (JSON.parse(readFileSync(path, 'utf8')) as [number, number][]).map(([, mib]) => mib);
    const sorted = [...live].sort((a, b) => a - b);
    console.log(
      `\n${file}: ${live.length} full collections; heap in use right after them: median ${sorted[Math.floor(sorted.length / 2)] ?? '-'} MiB, most ${sorted.at(-1) ?? '-'} MiB`,
    );
  } else if (file.startsWith('memory-') && file.endsWith('.json')) {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Record<string, number>[];
    const peak = (k: string) => Math.max(...m.map((x) => x[k] ?? 0));
    console.log(
      `\n${file}: peak MiB rss ${peak('rss')}, heapTotal ${peak('heapTotal')}, heapUsed ${peak('heapUsed')}, external ${peak('external')} (arrayBuffers ${peak('arrayBuffers')})`,
    );
    const atPeak = m.reduce((a, b) => (b.rss! > a.rss! ? b : a));
    console.log(`at the RSS peak: ${JSON.stringify(atPeak)}`);
  }
}
