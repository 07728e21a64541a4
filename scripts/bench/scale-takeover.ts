// bench:scale's takeover step: a second instance joins the running one's consumer group, timed as
// an operator would watch it.
import { loadavg } from 'node:os';
import { AssignerProtocol, type Kafka, Partitioners } from 'kafkajs';
import { TOPICS } from '../../src/kafka/topics.catalog';
import { ServiceProcess } from '../../test/support/service-process';
import type { TestTokens } from '../../test/support/tokens';
import type { ScaleWorld } from './scale-data';

type Figures = Record<string, number>;
/** Tells the second instance's member apart in the group's description. */
const SECOND_CLIENT_ID = 'respite-second';
const TIMEOUT_MS = 300_000;

/**
 * Until the second instance is ready (/health/ready), until the group is Stable with both members
 * holding half the readings partitions each, and until the second instance answers GET
 * /v1/me/nudges with the two nudges of a person whose readings partition it now holds (every
 * instance folds every inbox, so that is the answer the person gets from it). Each person's token
 * is signed when asked: bench tokens live 300 s, and at 100,000 people this step used to begin
 * minutes after the one signed at cold start had expired (every answer a 401).
 */
export async function takeover(
  kafka: Kafka,
  env: NodeJS.ProcessEnv,
  entry: string,
  world: ScaleWorld,
  tokens: TestTokens,
  f: Figures,
): Promise<ServiceProcess> {
  const name = 'takeover';
  const b = new ServiceProcess({ ...env, KAFKA_CLIENT_ID: SECOND_CLIENT_ID }, entry);
  f[`${name}: load average before`] = loadavg()[0]!;
  const t1 = performance.now();
  const since = () => (performance.now() - t1) / 1000;
  let step = 'ready';
  let last = 'nothing asked yet';
  try {
    await b.start(TIMEOUT_MS);
    f[`${name}: 2nd instance ready s`] = since();
    step = 'group of two, half the partitions each';
    let mine: Map<string, number[]> | undefined;
    await until(async () => {
      const split = await halves(kafka, env.KAFKA_GROUP_ID!);
      last = split.state;
      mine = split.second;
      return mine !== undefined;
    });
    f[`${name}: group of 2, half the partitions each s`] = since();
    f[`${name}: partitions the 2nd instance holds`] = [...mine!.values()].reduce((s, p) => s + p.length, 0);
    step = 'answers a person on its partitions';
    const hrv = world.topics.TOPIC_HRV!;
    const held = new Set(mine!.get(hrv) ?? []);
    // subjects 1..3 may have been erased by the erasure step
    const who = world.subjects.slice(4).find((s) => held.has(partitionOf(hrv, s)));
    if (!who) throw new Error(`no person on the 2nd instance's ${hrv} partitions`);
    await until(async () => {
      const r = await nudges(b.port, await tokens.subject(who));
      last = r.detail;
      return r.count === 2;
    });
    f[
      `${name} (2nd instance ready, group of 2 with half the partitions each, answers a person on its partitions) s`
    ] = since();
    f[`${name}: load average after`] = loadavg()[0]!;
  } catch (err) {
    f[
      `${name} (2nd instance ready, group of 2 with half the partitions each, answers a person on its partitions) s`
    ] = Number.NaN;
    console.error(
      `takeover failed at "${step}" after ${since().toFixed(0)} s (last: ${last}): ${String(err)}`,
    );
  }
  return b;
}

/** The readings partitions the second instance holds, once the group is Stable and split in halves. */
async function halves(
  kafka: Kafka,
  groupId: string,
): Promise<{ state: string; second?: Map<string, number[]> }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const g = (await admin.describeGroups([groupId])).groups[0];
    const state = `group ${g?.state ?? 'missing'}, ${g?.members.length ?? 0} members`;
    if (g?.state !== 'Stable' || g.members.length !== 2) return { state };
    const held = g.members.map((m) => ({
      second: m.clientId === SECOND_CLIENT_ID,
      topics: new Map(
        Object.entries(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}),
      ),
    }));
    const count = (t: Map<string, number[]>) => [...t.values()].reduce((s, p) => s + p.length, 0);
    const topics = new Set(held.flatMap((h) => [...h.topics.keys()]));
    let total = 0;
    for (const t of topics) total += (await admin.fetchTopicOffsets(t)).length;
    const [x, y] = held.map((h) => count(h.topics));
    const split = `${state}, holding ${x} and ${y} of ${total} partitions`;
    if (x! + y! !== total || Math.abs(x! - y!) > 1 || x === 0 || y === 0) return { state: split };
    return { state: split, second: held.find((h) => h.second)?.topics };
  } finally {
    await admin.disconnect();
  }
}

/** The partition a reading of `subjectId` goes to (key = subjectId, Kafka's default partitioner). */
function partitionOf(topic: string, subjectId: string): number {
  const partitionMetadata = Array.from({ length: TOPICS.hrv.partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return Partitioners.DefaultPartitioner()({
    topic,
    partitionMetadata,
    message: { key: subjectId, value: null },
  });
}

async function nudges(port: number, token: string): Promise<{ count?: number; detail: string }> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/v1/me/nudges`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!r.ok) return { detail: `HTTP ${r.status}` };
    const list = (await r.json()) as unknown[];
    return { count: list.length, detail: `HTTP 200, ${list.length} nudges` };
  } catch (err) {
    return { detail: String(err) };
  }
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + TIMEOUT_MS;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}
