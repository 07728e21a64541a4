// Picks a simulator seed whose cohort has a warning on one of its last nights, so that the demo
// shows a live nudge: a replayed warning older than a few days is (rightly) never sent. Only the
// people who consent in the demo count: all but the last one (scripts/demo.ts).

import { createPersonState } from '../src/warnings/person.state';
import { evaluateNight } from '../src/warnings/warning.engine';
import { nightsFromMessages } from '../tools/evaluation/nights.from-messages';
import { simulateCohort } from '../tools/simulator/cohort.simulator';

export interface DemoCohort {
  seed: number;
  recentWarnings: number;
}

export function pickDemoSeed(
  people: number,
  days: number,
  endDateMs: number,
  episodeScale: number,
): DemoCohort {
  const lastNight = new Date(endDateMs).toISOString().slice(0, 10);
  const recent = new Date(endDateMs - 2 * 86_400_000).toISOString().slice(0, 10);
  for (let seed = 1; seed <= 200; seed++) {
    const sim = simulateCohort({ people, days, seed, endDateMs, episodeScale, gaps: false });
    const { nights } = nightsFromMessages(sim.messages, endDateMs + 86_400_000);
    let recentWarnings = 0;
    for (const p of sim.people.slice(0, -1)) {
      const list = nights.get(p.subjectId) ?? [];
      const state = createPersonState();
      for (const n of list) {
        const v = evaluateNight(state, n);
        if (v.nudge && v.asOf >= recent && v.asOf <= lastNight) recentWarnings++;
      }
    }
    if (recentWarnings > 0) return { seed, recentWarnings };
  }
  throw new Error('no seed with a recent warning found');
}
