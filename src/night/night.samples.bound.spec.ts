// The night-sample cache's bound across people (NIGHT_CACHE_MAX_BYTES): over it, whole people are
// forgotten, least recently touched first, and their nights are then assembled from storage.
import { DEFAULT_WARNING_CONFIG } from '../warnings/warning.config';
import { WarningStates } from '../warnings/warning.states';
import { hrvOf, normal, quietDeps, sleepOf, stored } from '../warnings/warnings.fixtures';
import { WarningsProcessor } from '../warnings/warnings.processor';
import type { NightInput } from './night';
import { type HrvSample, sampleOf } from './night.assemble';
import { NightAssembler } from './night.samples';
import { FIRST_SLOTS, PERSON_BYTES, SAMPLE_BYTES } from './night.slots';

const n = normal(0);
/** Room for `people` entries of `slots` sample slots each (a new entry has FIRST_SLOTS). */
const room = (people: number, slots = FIRST_SLOTS) => people * (slots * SAMPLE_BYTES + PERSON_BYTES);
const samplesOf = (pid: string, count: number) =>
  Array.from({ length: count }, (_, i) => sampleOf(hrvOf(pid, i, n), null));

describe('NightAssembler bound across people', () => {
  it('forgets the least recently touched person whole, and keeps within the bound', () => {
    const a = new NightAssembler(256, room(3));
    for (const pid of ['p1', 'p2', 'p3']) {
      a.fill(pid, []);
      for (let i = 0; i < 2; i++) a.add(pid, sampleOf(hrvOf(pid, i, n), null), -1);
    }
    expect(a.people).toBe(3);
    a.add('p1', sampleOf(hrvOf('p1', 2, n), null), -1); // p1 is now the most recent
    a.fill('p4', [sampleOf(hrvOf('p4', 0, n), null)]);
    // p2 went (least recently touched); p1, p3 and p4 stay complete
    expect(a.isComplete('p2')).toBe(false);
    expect(a.during('p2', sleepOf('p2', 0, n, true))).toEqual([]);
    expect(a.isComplete('p3')).toBe(true);
    expect(a.isComplete('p1')).toBe(true);
    expect(a.isComplete('p4')).toBe(true);
    expect(a.during('p1', sleepOf('p1', 2, n, true))).toHaveLength(1);
    expect(a.people).toBe(3);
    expect(a.heldBytes).toBeLessThanOrEqual(room(3));
  });

  it('counts what settled and dropped samples gave back out of the bound', () => {
    const a = new NightAssembler(256, room(1, 64) + room(1));
    a.fill('p1', samplesOf('p1', 40));
    expect(a.heldBytes).toBe(room(1, 64)); // 40 samples: 4 slots doubled to 64
    a.settle('p1', Number.POSITIVE_INFINITY);
    expect(a.samples).toBe(0);
    expect(a.heldBytes).toBe(room(1)); // most of its array given back
    a.fill('p2', samplesOf('p2', 64));
    expect(a.isComplete('p1')).toBe(true); // p1's settled samples left room for p2's
    a.drop('p2');
    expect(a.samples).toBe(0);
    expect(a.people).toBe(1);
    expect(a.heldBytes).toBe(room(1));
  });

  it('forgets the person touched longest ago when the next one needs the room', () => {
    const a = new NightAssembler(256, room(1, 64) + room(1));
    a.fill('p1', samplesOf('p1', 40));
    a.fill('p2', samplesOf('p2', 64));
    expect(a.isComplete('p1')).toBe(false);
    expect(a.isComplete('p2')).toBe(true);
  });

  it('keeps one person alone over the bound rather than nobody', () => {
    const a = new NightAssembler(256, 1);
    a.fill(
      'p1',
      [0, 1, 2].map((i) => sampleOf(hrvOf('p1', i, n), null)),
    );
    expect(a.isComplete('p1')).toBe(true);
    expect(a.samples).toBe(3);
  });
});

describe('WarningsProcessor with a bounded night cache', () => {
  /** Ingest's order: strap readings first, then other people's, then each one's sleep. */
  async function run(cacheBytes: number | undefined) {
    const storage: { pid: string; s: HrvSample }[] = [];
    const reads: string[] = [];
    const dailies: { pid: string; night: NightInput }[] = [];
    const deps = quietDeps({
      storedHrv: async (pid, from) => {
        reads.push(pid);
        return storage.filter((x) => x.pid === pid && x.s.atMs >= from).map((x) => x.s);
      },
      storeNights: async (list) => {
        dailies.push(...list);
      },
    });
    const p = new WarningsProcessor(new WarningStates(DEFAULT_WARNING_CONFIG), deps, 'w1', {
      nightCacheBytes: cacheBytes,
    });
    const people = Array.from({ length: 20 }, (_, k) => `s${k}`);
    // everyone's state is known and complete (as if their past nights were evaluated here)
    await p.onStored(people.map((s) => stored(`p-${s}`, sleepOf(s, 0, n, true))));
    const hrv = people.map((s) => stored(`p-${s}`, hrvOf(s, 1, normal(1))));
    // InfluxDB acknowledged them before the processor sees them (ingest's order)
    for (const r of hrv) storage.push({ pid: r.pid, s: sampleOf(r.reading as never, null) });
    await p.onStored(hrv);
    reads.length = 0;
    await p.onStored(people.map((s) => stored(`p-${s}`, sleepOf(s, 1, normal(1), true))));
    return { dailies: dailies.filter((d) => d.night.lnRmssd !== undefined), reads };
  }

  it('gives an evicted person the same night, read back from storage', async () => {
    const unbounded = await run(undefined);
    expect(unbounded.reads).toEqual([]); // everyone's samples were held
    const bounded = await run(room(5));
    // room for 5 of the 20: at least the 15 others were forgotten and read from storage at their
    // night (in this order each read evicts the next one's samples too, so all 20 are read)
    expect(bounded.reads.length).toBeGreaterThanOrEqual(15);
    expect(bounded.dailies).toHaveLength(20);
    expect(bounded.dailies).toEqual(unbounded.dailies);
  });
});
