// Runs one of the in-process contenders (bare kafkajs, raw writes) in a process of its own, so that
// its peak RSS is its own and not the bench's (which holds the whole data set). Prints one line
// `RESULT <json>`. Started by `inChild` in contenders-isolated.ts; not meant to be run by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { bareConsumer, rawWrites } from './contenders';
import type { BenchMessage } from './dataset';
import { peakRssMb } from './group-lag';

export type ChildSpec =
  | { kind: 'bare'; brokers: string[]; topics: string[]; groupId: string; n: number; root: string }
  | {
      kind: 'raw';
      file: string;
      topics: { hrv: string; sleep: string };
      env: NodeJS.ProcessEnv;
      root: string;
    };

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_CHILD!) as ChildSpec;
  let result: Awaited<ReturnType<typeof bareConsumer>>;
  if (spec.kind === 'bare') {
    const kafka = new Kafka({
      clientId: 'respite-bench-bare',
      brokers: spec.brokers,
      logLevel: logLevel.NOTHING,
    });
    result = await bareConsumer(kafka, spec.topics, spec.groupId, spec.n, spec.root);
  } else {
    const messages = readFileSync(spec.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as BenchMessage);
    // the lines are made before the clock, as a client's caller would have them: the peak is
    // counted from there (writing 5 to clear_refs resets VmHWM to the current RSS, Linux ≥ 4.0)
    result = await rawWrites(
      messages.splice(0),
      spec.env,
      (k) => spec.topics[k],
      spec.root,
      () => {
        (globalThis as { gc?: () => void }).gc?.();
        try {
          writeFileSync('/proc/self/clear_refs', '5');
        } catch {
          // not Linux: the peak then includes reading the data set
        }
      },
    );
  }
  console.log(`RESULT ${JSON.stringify({ ...result, peakRssMb: await peakRssMb(process.pid) })}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
