// `npm run demo`: the pipeline with real servers and a simulated cohort. Starts the service
// in-process against the stack that scripts/demo.sh brought up, grants consent for a simulated
// cohort, produces its nights to Kafka, and prints what reached InfluxDB.
import { Kafka, logLevel } from 'kafkajs';
import { HistoryQuery } from '../src/influx/influx.history-query';
import { bootstrap } from '../src/main';
import { MetricsService } from '../src/metrics/metrics.service';
import { Pseudonymizer } from '../src/privacy/pseudonymizer';
import { simulateCohort } from '../src/simulator/cohort.simulator';

const people = Number(process.env.DEMO_PEOPLE ?? 40);
const days = Number(process.env.DEMO_DAYS ?? 30);
const seed = Number(process.env.DEMO_SEED ?? 42);

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_GROUP_ID: `respite-demo-${seed}`,
    LOG_LEVEL: 'warn',
  };
  const app = await bootstrap(env);
  const port = app.getHttpServer().address().port;
  console.log(`Respite is running: http://127.0.0.1:${port}/docs (OpenAPI), /metrics, /health/ready`);

  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const { people: cohort, messages } = simulateCohort({ people, days, seed, endDateMs: today - 86_400_000 });
  const kafka = new Kafka({
    clientId: 'respite-demo',
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // everyone but the last person opts in: their nights must never reach InfluxDB
  await producer.send({
    topic: env.TOPIC_CONSENT ?? 'consent.v1',
    messages: cohort.slice(0, -1).map((p) => ({
      key: p.subjectId,
      value: JSON.stringify({
        subjectId: p.subjectId,
        status: 'granted',
        scopes: ['ingest', 'early-warning', 'aggregate-trends'],
        cohorts: [`unit:demo-${p.subjectId.charCodeAt(p.subjectId.length - 1) % 2}`],
        policyVersion: '2026-11',
        at: new Date().toISOString(),
        erase: false,
      }),
    })),
  });
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = Date.now();
  for (let i = 0; i < messages.length; i += 2000) {
    const chunk = messages.slice(i, i + 2000);
    for (const topic of ['hrv', 'sleep'] as const) {
      const batch = chunk.filter((m) => m.topic === topic).map((m) => ({ key: m.key, value: m.value }));
      if (batch.length)
        await producer.send({
          topic:
            topic === 'hrv'
              ? (env.TOPIC_HRV ?? 'wearables.hrv.v1')
              : (env.TOPIC_SLEEP ?? 'wearables.sleep.v1'),
          messages: batch,
        });
    }
  }
  console.log(`produced ${messages.length} readings for ${people} people × ${days} nights (seed ${seed})`);

  const metrics = app.get(MetricsService);
  const expected = (people - 1) * days * 2;
  for (let waited = 0; waited < 120_000; waited += 1000) {
    const stored = (await metrics.ingested.get()).values.reduce((n, v) => n + v.value, 0);
    process.stdout.write(`\r  stored ${stored}/${expected} readings`);
    if (stored >= expected) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`\n  ingest took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const dropped = (await metrics.droppedNoConsent.get()).values.reduce((n, v) => n + v.value, 0);
  console.log(`  dropped without consent: ${dropped} (the one person who did not opt in)`);

  const history = app.get(HistoryQuery);
  const pid = app.get(Pseudonymizer).pid(cohort[0]!.subjectId);
  const nights = await history.pointsOf('daily', pid);
  console.log(`\nInfluxDB, person 1 (pid ${pid}): ${nights.length} nightly summaries; the last 3:`);
  for (const n of nights.slice(-3)) {
    console.log(
      `  ${String(n._time).slice(0, 10)}  sleep ${Number(n.sleep_h).toFixed(1)} h  rhr ${Number(n.rhr_bpm).toFixed(0)} bpm  ln rMSSD ${Number(n.ln_rmssd).toFixed(2)}`,
    );
  }
  const outsider = await history.countFor(app.get(Pseudonymizer).pid(cohort.at(-1)!.subjectId));
  console.log(`  points stored for the person without consent: ${outsider}`);
  await producer.disconnect();
  await app.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
