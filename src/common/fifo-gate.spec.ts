import { FifoGate, GateWaitTimeout } from './fifo-gate';

/** A task the test finishes by hand, recording when it started. */
function manual(started: number[], id: number) {
  let finish!: (v: number) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<number>((res, rej) => {
    finish = res;
    fail = rej;
  });
  return {
    task: () => {
      started.push(id);
      return done;
    },
    finish: () => finish(id),
    fail: (e: Error) => fail(e),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('FifoGate', () => {
  it('runs at most its limit at once and starts the rest in the order they asked', async () => {
    const gate = new FifoGate(2);
    const started: number[] = [];
    const tasks = Array.from({ length: 6 }, (_, i) => manual(started, i));
    const results = tasks.map((t) => gate.run(t.task));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.inFlight).toBe(2);
    expect(gate.queued).toBe(4);
    tasks[1]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    // a newcomer while others wait goes to the back, even when a slot frees at that moment
    const late = manual(started, 9);
    const lateResult = gate.run(late.task);
    tasks[0]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const i of [2, 3, 4, 5]) {
      tasks[i]!.finish();
      await tick();
    }
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 9]);
    late.finish();
    expect(await Promise.all([...results, lateResult])).toEqual([0, 1, 2, 3, 4, 5, 9]);
    expect(gate.inFlight).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('never has more than its limit in flight under many callers', async () => {
    const gate = new FifoGate(3);
    let now = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gate.run(async () => {
          order.push(i);
          most = Math.max(most, ++now);
          await new Promise((r) => setTimeout(r, i % 3));
          now--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(gate.mostInFlight).toBe(3);
    expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('gives a failed task its error and frees its slot for the next one', async () => {
    const gate = new FifoGate(1);
    const started: number[] = [];
    const a = manual(started, 0);
    const b = manual(started, 1);
    const ra = gate.run(a.task);
    const rb = gate.run(b.task);
    const thrown = gate.run(() => {
      throw new Error('refused at once');
    });
    await tick();
    a.fail(new Error('InfluxDB refused the query'));
    await expect(ra).rejects.toThrow('InfluxDB refused the query');
    await tick();
    expect(started).toEqual([0, 1]);
    b.finish();
    await expect(rb).resolves.toBe(1);
    await expect(thrown).rejects.toThrow('refused at once');
    expect(await gate.run(async () => 'after')).toBe('after');
    expect(gate.inFlight).toBe(0);
  });

  it('refuses a task that waited longer than its limit, which never starts, and keeps the order of the rest', async () => {
    const gate = new FifoGate(1, 200);
    const started: number[] = [];
    const first = manual(started, 0);
    const r0 = gate.run(first.task);
    const r1 = gate.run(manual(started, 1).task);
    await new Promise((r) => setTimeout(r, 100));
    const late = manual(started, 2);
    const r2 = gate.run(late.task);
    await expect(r1).rejects.toThrow(GateWaitTimeout);
    expect(gate.queued).toBe(1);
    first.finish();
    await expect(r0).resolves.toBe(0);
    await tick();
    expect(started).toEqual([0, 2]);
    late.finish();
    await expect(r2).resolves.toBe(2);
    expect(gate.inFlight).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new FifoGate(0)).toThrow('limit');
    expect(() => new FifoGate(1.5)).toThrow('limit');
  });
});
