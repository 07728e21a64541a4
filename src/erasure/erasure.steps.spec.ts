import { ERASURE_ORDER, ErasureSteps } from './erasure.steps';

describe('ErasureSteps', () => {
  it('runs the steps in the written order, whatever order features registered in', async () => {
    const steps = new ErasureSteps();
    const ran: string[] = [];
    for (const step of [...ERASURE_ORDER].reverse())
      steps.register(step, async (job) => void ran.push(`${step}:${job.subjectId}:${job.pids.join('+')}`));
    await steps.run({ subjectId: 's1', pids: ['k1.a', 'k0.b'], requestedAt: null });
    expect(ran).toEqual(ERASURE_ORDER.map((s) => `${s}:s1:k1.a+k0.b`));
  });

  it('collects what each step reports and stops at the first failure', async () => {
    const steps = new ErasureSteps();
    steps.register('points', async () => ({ points: { hrv: 2 } }));
    steps.register('points', async () => 'not a result');
    const results = await steps.run({ subjectId: 's1', pids: ['k1.a'], requestedAt: null });
    expect(results.get('points')).toEqual([{ points: { hrv: 2 } }, {}]);

    const failing = new ErasureSteps();
    const later = jest.fn();
    failing.register('settle', async () => {
      throw new Error('InfluxDB down');
    });
    failing.register('inbox', later);
    await expect(failing.run({ subjectId: 's1', pids: ['k1.a'], requestedAt: null })).rejects.toThrow(
      'InfluxDB down',
    );
    expect(later).not.toHaveBeenCalled();
  });
});
