import { nightMessages } from './contract.messages';
import { planPerson } from './person.plan';
import { PersonNights } from './physiology';
import { mixSeed, prng } from './prng';
import type { PersonTruth, SimMessage, SimOptions, SimPerson, SimResult } from './sim.types';

export { iso } from './contract.messages';
export type * from './sim.types';

export interface SimStream {
  people: SimPerson[];
  /** Episodes (the ground truth) and confounders, per person. */
  truth: PersonTruth[];
  /**
   * The readings night by night: all of one wake date before the next, and within it in order of
   * when each reading was taken; per person always in event time (the HRV reading of a night before
   * its sleep session, which completes the night). Lazy: memory stays per person, not per message.
   * Each call starts the same sequence again.
   */
  messages(): Generator<SimMessage>;
}

/**
 * A seeded cohort of nightly wearable data in the contract format. Person i depends only on the
 * seed and i (not on the cohort size), and the same options always give the same messages.
 */
export function streamCohort(o: SimOptions): SimStream {
  const plans = Array.from({ length: o.people }, (_, i) => planPerson(o, i));
  return {
    people: plans.map((p) => p.person),
    truth: plans.map((p) => p.truth),
    *messages() {
      const nights = plans.map((p) => new PersonNights(p, o));
      const rands = plans.map((_, i) => prng(mixSeed(o.seed, i, 3)));
      for (let d = 0; d < o.days; d++) {
        const batch = [];
        for (let i = 0; i < plans.length; i++) {
          const night = nights[i]!.next(d);
          if (night) batch.push(...nightMessages(plans[i]!.person, night, rands[i]!));
        }
        batch.sort((a, b) => a.eventMs - b.eventMs);
        for (const m of batch) yield { topic: m.topic, key: m.key, value: m.value };
      }
    },
  };
}

/** The whole cohort in memory; for a large one, stream it with streamCohort. */
export function simulateCohort(o: SimOptions): SimResult {
  const s = streamCohort(o);
  return { people: s.people, truth: s.truth, messages: [...s.messages()] };
}
