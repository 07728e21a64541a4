import { streamCohort } from '../simulator/cohort.simulator';
import { nightsFromMessages } from './nights.from-messages';
import { nightsThroughProcessor } from './nights.through-processor';

const o = { people: 12, days: 60, seed: 3, endDateMs: Date.UTC(2026, 10, 20), gaps: true };
const nowMs = o.endDateMs + 2 * 86_400_000;

describe('nightsThroughProcessor', () => {
  it('the topics interleaved as Kafka delivers them, sleep far ahead: the same nights as the in-order assembly', async () => {
    const ordered = nightsFromMessages(streamCohort(o).messages(), nowMs).nights;
    const d = await nightsThroughProcessor(streamCohort(o).messages(), nowMs, {
      seed: 1,
      fetchBytes: 16_384,
    });
    expect(d.maxPending).toBeGreaterThan(50); // the nights did wait
    expect(d.lateHrv).toBe(0);
    expect(d.incomplete).toBe(0);
    expect(d.nights).toEqual(ordered);
  });

  it('without waiting (a zero cap) the interleaving loses HRV: the check above can fail', async () => {
    const ordered = nightsFromMessages(streamCohort(o).messages(), nowMs).nights;
    const d = await nightsThroughProcessor(streamCohort(o).messages(), nowMs, {
      seed: 1,
      fetchBytes: 16_384,
      graceMs: 0,
    });
    expect(d.lateHrv).toBeGreaterThan(0);
    expect(d.nights).not.toEqual(ordered);
  });
});
