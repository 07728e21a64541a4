// `tsx scripts/simulate.ts --people N --days D --seed S [--out DIR] [--end YYYY-MM-DD] [--kafka]`
// Writes DIR/truth.json (options, people, episodes and confounders per person) and
// DIR/messages.ndjson: one `{ "topic": "hrv"|"sleep", "key": subjectId, "value": "<contract JSON>" }`
// per line, in event time (see streamCohort), ready to be produced to Kafka as they are.
// With --kafka it also produces them, after a consent grant (all scopes) for every simulated person,
// to the topics and brokers of the environment completed by .env.stack (`npm run stack:up`).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { TOPICS } from '../src/kafka/topics.catalog';
import { type SimMessage, type SimPerson, streamCohort } from '../tools/simulator/cohort.simulator';
import { loadStackEnv } from './lib/stack-env';
import { parseArgs } from './sim.args';

const argv = process.argv.slice(2);
const toKafka = argv.includes('--kafka');
const args = parseArgs(
  argv.filter((a) => a !== '--kafka'),
  { people: 200, days: 180, seed: 1, out: 'sim-output' },
);

/** Produces in chunks; within a chunk every HRV reading goes before the sleep sessions, as apps sync. */
class KafkaSink {
  private pending: SimMessage[] = [];
  produced = 0;

  private constructor(
    private readonly producer: Producer,
    private readonly topics: { hrv: string; sleep: string; consent: string },
  ) {}

  static async open(people: SimPerson[]): Promise<KafkaSink> {
    const env = loadStackEnv(join(__dirname, '..'));
    const kafka = new Kafka({
      clientId: 'respite-simulate',
      brokers: env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.ERROR,
    });
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    const sink = new KafkaSink(producer, {
      hrv: env.TOPIC_HRV ?? TOPICS.hrv.name,
      sleep: env.TOPIC_SLEEP ?? TOPICS.sleep.name,
      consent: env.TOPIC_CONSENT ?? TOPICS.consent.name,
    });
    await sink.grant(people);
    return sink;
  }

  private async grant(people: SimPerson[]): Promise<void> {
    const at = new Date().toISOString();
    const messages = people.map((p, i) => ({
      key: p.subjectId,
      value: JSON.stringify({
        subjectId: p.subjectId,
        status: 'granted',
        scopes: ['ingest', 'early-warning', 'aggregate-trends'],
        cohorts: [`unit:sim-${i % 4}`],
        policyVersion: '2026-11',
        at,
        erase: false,
        timeZone: p.zone,
      }),
    }));
    await this.send(this.topics.consent, messages);
    process.stderr.write(`  granted consent for ${people.length} people on ${this.topics.consent}\n`);
  }

  add(m: SimMessage): void {
    this.pending.push(m);
  }

  async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = [];
    for (const topic of ['hrv', 'sleep'] as const)
      await this.send(
        this.topics[topic],
        chunk.filter((m) => m.topic === topic).map(({ key, value }) => ({ key, value })),
      );
    this.produced += chunk.length;
  }

  private async send(topic: string, messages: { key: string; value: string }[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 1000)
      await this.producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
  }

  async close(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }
}

async function main(): Promise<void> {
  const options = {
    people: args.people,
    days: args.days,
    seed: args.seed,
    endDateMs: args.endDateMs,
    gaps: true,
    ...(args.episodeScale !== 1 ? { episodeScale: args.episodeScale } : {}),
  };
  const sim = streamCohort(options);
  mkdirSync(args.out, { recursive: true });
  writeFileSync(
    join(args.out, 'truth.json'),
    `${JSON.stringify({ options: { ...options, end: new Date(args.endDateMs).toISOString().slice(0, 10) }, people: sim.people, truth: sim.truth }, null, 2)}\n`,
  );
  const kafka = toKafka ? await KafkaSink.open(sim.people) : undefined;
  const fd = openSync(join(args.out, 'messages.ndjson'), 'w');
  const expected = args.people * args.days * 2;
  const t0 = Date.now();
  let n = 0;
  let lines: string[] = [];
  const flush = async () => {
    if (lines.length) writeSync(fd, `${lines.join('\n')}\n`);
    lines = [];
    await kafka?.flush();
    const pct = expected ? Math.min(100, (100 * n) / expected) : 100;
    const sent = kafka ? `, ${kafka.produced} produced to Kafka` : '';
    process.stderr.write(
      `\r  ${n} messages (~${pct.toFixed(0)}%)${sent} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  };
  for (const m of sim.messages()) {
    lines.push(JSON.stringify(m));
    kafka?.add(m);
    if (++n % 5000 === 0) await flush();
  }
  await flush();
  closeSync(fd);
  await kafka?.close();
  const episodes = sim.truth.reduce((k, t) => k + t.episodes.length, 0);
  process.stderr.write(
    `\n  wrote ${join(args.out, 'messages.ndjson')} and truth.json (${episodes} stress episodes)${kafka ? `; produced ${kafka.produced} readings` : ''}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
