import fc from 'fast-check';
import { budgetLimits, HeldBytes } from './held-bytes';

describe('the ingest memory budget', () => {
  it('gives half the budget to the fetch in flight, and a partition at most INGEST_FETCH_BYTES of it', () => {
    expect(budgetLimits(32 << 20, 2 << 20)).toEqual({
      total: 32 << 20,
      fetchTotal: 16 << 20,
      fetchPerLane: 2 << 20,
      lane: 4 << 20,
    });
    // a small budget shrinks the per-partition fetch too
    expect(budgetLimits(256 << 10, 2 << 20)).toEqual({
      total: 256 << 10,
      fetchTotal: 128 << 10,
      fetchPerLane: 128 << 10,
      lane: 256 << 10,
    });
  });

  it('counts per lane and in total, and remembers the peak', () => {
    const h = new HeldBytes(budgetLimits(1000, 1000));
    h.hold('a:0', 300);
    h.hold('a:1', 200);
    h.hold('a:0', 100);
    expect([h.lane('a:0'), h.lane('a:1'), h.total]).toEqual([400, 200, 600]);
    h.release('a:0', 300);
    expect([h.lane('a:0'), h.total, h.peak]).toEqual([100, 300, 600]);
    h.release('a:0', 100);
    h.release('a:1', 200);
    expect([h.lane('a:0'), h.total, h.peak]).toEqual([0, 0, 600]);
  });

  it('lets the next fetch in only while it fits, in the lane and in total', () => {
    // budget 1000: a fetch brings ≤ 500 in all, ≤ 200 per lane; a lane holds ≤ 400
    const h = new HeldBytes(budgetLimits(1000, 200));
    h.hold('a:0', 200);
    expect(h.mayFetch('a:0')).toBe(true); // its own batch alone: room for one behind it
    h.hold('a:0', 150);
    expect(h.mayFetch('a:0')).toBe(false); // 350 + 200 > 400
    h.release('a:0', 200);
    expect(h.mayFetch('a:0')).toBe(true);
    h.hold('b:0', 200);
    h.hold('b:1', 200);
    expect(h.mayFetch('b:1')).toBe(false); // 550 + 500 > 1000
    h.release('b:0', 200);
    expect(h.mayFetch('b:1')).toBe(true); // 350 + 500 ≤ 1000
  });

  it('makes a batch over its share wait until it is written itself', () => {
    const h = new HeldBytes(budgetLimits(1000, 200));
    h.hold('a:0', 900); // one record batch larger than the fetch size: Kafka returns it whole
    expect(h.mayFetch('a:0')).toBe(false);
    h.release('a:0', 900);
    expect(h.mayFetch('a:0')).toBe(true);
  });

  it('wakes a waiting fetch on the release that makes it fit', async () => {
    const h = new HeldBytes(budgetLimits(1000, 200));
    h.hold('a:0', 200);
    h.hold('a:0', 200);
    let through = false;
    const waiting = h.untilMayFetch('a:0').then(() => {
      through = true;
    });
    await Promise.resolve();
    expect(through).toBe(false);
    h.release('a:0', 200);
    await waiting;
    expect(through).toBe(true);
  });

  it('never holds more than the budget when every fetch waits for `mayFetch` (simulated fetch loop)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 4096 }),
        fc.integer({ min: 16, max: 2048 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 200,
        }),
        (budget, fetchBytes, steps) => {
          const h = new HeldBytes(budgetLimits(budget, fetchBytes));
          const { fetchTotal, fetchPerLane } = h.limits;
          const lanes = ['t:0', 't:1', 't:2', 't:3', 't:4', 't:5'];
          // each lane's batches in order; a "fetch" gives every lane a batch within the fetch limits
          const queues = new Map<string, number[]>(lanes.map((l) => [l, []]));
          for (const [lane, writes] of steps) {
            // the fetch: only when every lane's last batch was allowed through
            const mayFetch = lanes.every((l) => h.mayFetch(l));
            if (mayFetch) {
              let room = fetchTotal;
              for (const l of lanes) {
                const b = Math.min(fetchPerLane, room);
                room -= b;
                if (b === 0) continue;
                h.hold(l, b);
                queues.get(l)!.push(b);
              }
            }
            // InfluxDB acknowledges some batches of one lane, oldest first
            const q = queues.get(lanes[lane]!)!;
            for (let i = 0; i < writes && q.length > 0; i++) h.release(lanes[lane]!, q.shift()!);
            if (h.total > budget) return false;
          }
          return h.peak <= budget;
        },
      ),
    );
  });
});
