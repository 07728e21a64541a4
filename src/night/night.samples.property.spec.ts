// The typed-array NightAssembler against a plain model of what it promises for one person: the
// unique samples (source and time) of nights after the last settle, oldest first, the latest ones
// cut at the per-person bound, whatever the order of adds, fills and settles.
import fc from 'fast-check';
import type { Source } from '../ingest/decode/reading.types';
import type { HrvSample } from './night.assemble';
import { NightAssembler } from './night.samples';

/** Past FIRST_SLOTS, so that arrays grow, shrink and reach the bound. */
const PER_PERSON = 40;
const DAY = 86_400_000;

const sample = fc
  .record({
    slot: fc.integer({ min: 0, max: 80 }),
    source: fc.constantFrom<Source>('oura', 'polar', 'apple'),
    rmssd: fc.option(fc.double({ min: 5, max: 200, noNaN: true }), { nil: undefined }),
    rhr: fc.option(fc.integer({ min: 35, max: 110 }), { nil: undefined }),
  })
  .map(
    ({ slot, source, rmssd, rhr }): HrvSample => ({
      source,
      atMs: slot * (DAY / 8),
      night: Math.floor(slot / 8),
      rmssdMs: rmssd,
      restingHrBpm: rhr,
    }),
  );

type Op = { op: 'add'; s: HrvSample } | { op: 'fill'; list: HrvSample[] } | { op: 'settle'; lastDay: number };

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: sample.map((s): Op => ({ op: 'add', s })) },
    {
      weight: 1,
      arbitrary: fc
        .array(sample, { maxLength: 30, size: 'medium' })
        .map((list): Op => ({ op: 'fill', list })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: -1, max: 10 }).map((lastDay): Op => ({ op: 'settle', lastDay })),
    },
  ),
  { minLength: 40, maxLength: 150 },
);

/**
 * The model: a sorted list of unique samples (the first one held kept on a duplicate), and until
 * when it holds every one: from a fill on, until the bound first cut a sample.
 */
class Model {
  list: HrvSample[] | undefined;
  heldUntil = Number.NEGATIVE_INFINITY;
  lastDay = -1;
  apply(o: Op): void {
    if (o.op === 'settle') {
      this.lastDay = Math.max(this.lastDay, o.lastDay);
      if (this.list) this.list = this.list.filter((s) => s.night > o.lastDay);
      return;
    }
    if (o.op === 'add' && o.s.night <= this.lastDay) return;
    const list = this.list ?? [];
    if (o.op === 'fill') this.heldUntil = Number.POSITIVE_INFINITY;
    for (const s of o.op === 'add' ? [o.s] : o.list)
      if (!list.some((h) => h.source === s.source && h.atMs === s.atMs)) list.push(s);
    list.sort((a, b) => a.atMs - b.atMs);
    if (list.length > PER_PERSON) this.heldUntil = Math.min(this.heldUntil, list[PER_PERSON]!.atMs);
    list.length = Math.min(list.length, PER_PERSON);
    this.list = list;
  }
  holdsAll(t: number): boolean {
    return this.heldUntil === Number.POSITIVE_INFINITY || t < this.heldUntil;
  }
}

describe('NightAssembler (typed arrays) against a plain model', () => {
  it('holds the same samples with the same values after any sequence of adds, fills and settles', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const a = new NightAssembler(PER_PERSON);
        const m = new Model();
        for (const o of list) {
          if (o.op === 'add') expect(a.add('p', o.s, m.lastDay)).toBe(o.s.night > m.lastDay);
          if (o.op === 'fill') a.fill('p', o.list);
          if (o.op === 'settle') a.settle('p', o.lastDay);
          m.apply(o);
        }
        const all = { startAtMs: 0, endAtMs: Number.MAX_SAFE_INTEGER } as never;
        // toEqual: a value the model's sample never had reads back as absent
        expect(a.during('p', all)).toEqual(m.list ?? []);
        expect(a.samples).toBe(m.list?.length ?? 0);
        // at each held sample's time, and around the first one cut
        const times = [...(m.list ?? []).map((s) => s.atMs), m.heldUntil - 1, m.heldUntil, 80 * (DAY / 8)];
        for (const t of times.filter(Number.isFinite))
          expect([t, a.holdsAll('p', t)]).toEqual([t, m.holdsAll(t)]);
      }),
      { numRuns: 300 },
    );
  });
});
