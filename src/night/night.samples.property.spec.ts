// The typed-array NightAssembler against a plain model of what it promises for one person: the
// unique samples (source and time) of nights after the last settle, oldest first, the latest ones
// cut at the per-person bound, whatever the order of adds, fills and settles.
import fc from 'fast-check';
import type { Source } from '../ingest/decode/reading.types';
import type { HrvSample } from './night.assemble';
import { NightAssembler } from './night.samples';

const PER_PERSON = 6;
const DAY = 86_400_000;

const sample = fc
  .record({
    slot: fc.integer({ min: 0, max: 40 }),
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
    { weight: 1, arbitrary: fc.array(sample, { maxLength: 10 }).map((list): Op => ({ op: 'fill', list })) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: -1, max: 5 }).map((lastDay): Op => ({ op: 'settle', lastDay })),
    },
  ),
  { maxLength: 60 },
);

/** The model: a sorted list of unique samples, the first one held kept on a duplicate. */
class Model {
  list: HrvSample[] = [];
  lastDay = -1;
  apply(o: Op): void {
    if (o.op === 'settle') {
      this.lastDay = Math.max(this.lastDay, o.lastDay);
      this.list = this.list.filter((s) => s.night > o.lastDay);
      return;
    }
    const add = o.op === 'add' ? (o.s.night > this.lastDay ? [o.s] : []) : o.list;
    for (const s of add)
      if (!this.list.some((h) => h.source === s.source && h.atMs === s.atMs)) this.list.push(s);
    this.list.sort((a, b) => a.atMs - b.atMs);
    this.list.length = Math.min(this.list.length, PER_PERSON);
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
        expect(a.during('p', all)).toEqual(m.list);
        expect(a.samples).toBe(m.list.length);
      }),
      { numRuns: 400 },
    );
  });
});
