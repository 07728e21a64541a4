import type { SleepReading } from '../ingest/decode/reading.types';
import type { NudgeRequest } from './nudge-request';
import type { PersonalInputs } from './personal.inputs';
import { DEFAULT_WARNING_CONFIG } from './warning.config';
import type { NightVerdict } from './warning.engine';
import { WarningStates } from './warning.states';
import { nights, quietDeps } from './warnings.fixtures';
import { WarningsProcessor } from './warnings.processor';

const INPUTS: PersonalInputs = {
  dismissals: [{ asOf: '2026-11-01', reason: 'travel', atMs: 1 }],
  checkIns: [{ atMs: 2, stress: 4, sleepQuality: 2 }],
};

/** The personal inputs (issue #20) reach `evaluate` for each evaluated night, asked for by its end. */
describe('WarningsProcessor: personal inputs', () => {
  it('asks for the inputs of each evaluated night with its end and hands them to the engine', async () => {
    const asked: [string, string, number][] = [];
    const deps = quietDeps({
      allows: (s) => s === 'alice',
      personal: async (pid, subjectId, untilMs) => {
        asked.push([pid, subjectId, untilMs]);
        return INPUTS;
      },
    });
    const states = new WarningStates(DEFAULT_WARNING_CONFIG);
    const evaluate = jest.spyOn(states, 'evaluate');
    const p = new WarningsProcessor(states, deps, 'w');
    const batch = [...nights('alice', 'pa', 0, 3), ...nights('bob', 'pb', 0, 3)];
    await p.onStored(batch);
    const ends = batch
      .filter((r) => r.reading.subjectId === 'alice' && r.reading.kind === 'sleep')
      .map((r) => (r.reading as SleepReading).endAtMs);
    expect(asked).toEqual(ends.map((end) => ['pa', 'alice', end])); // bob has no early-warning consent
    expect(evaluate.mock.calls.map((c) => c[2])).toEqual([INPUTS, INPUTS, INPUTS]);
  });

  it('without the dependency, evaluates with no inputs (today’s behaviour)', async () => {
    const states = new WarningStates(DEFAULT_WARNING_CONFIG);
    const evaluate = jest.spyOn(states, 'evaluate');
    const deps = quietDeps({});
    await new WarningsProcessor(states, deps, 'w').onStored(nights('alice', 'pa', 0, 2));
    expect(evaluate.mock.calls.map((c) => c[2])).toEqual([
      { dismissals: [], checkIns: [] },
      { dismissals: [], checkIns: [] },
    ]);
  });

  it('tells the nudge what the person’s answers changed: a raised threshold, agreeing check-ins', async () => {
    const emitted: NudgeRequest[] = [];
    const deps = quietDeps({
      emit: async (r) => {
        emitted.push(r);
      },
    });
    const states = new WarningStates(DEFAULT_WARNING_CONFIG);
    // the real engine keeps the state; the verdicts are then made to ask for a nudge with these notes
    const notes: (NightVerdict['personal'] | undefined)[] = [
      { thresholdShift: 0.2, checkInWeight: 0, checkInPairs: 0 },
      { thresholdShift: 0, checkInWeight: 0.5, checkInPairs: 12, checkIn: 1.1 },
      { thresholdShift: 0, checkInWeight: 0.5, checkInPairs: 12, checkIn: -0.4 },
      undefined,
    ];
    const real = states.evaluate.bind(states);
    jest.spyOn(states, 'evaluate').mockImplementation((pid, night, inputs) => {
      const { personal: _, ...v } = real(pid, night, inputs);
      const note = notes.shift();
      return { ...v, level: 'warning', nudge: true, ...(note ? { personal: note } : {}) };
    });
    await new WarningsProcessor(states, deps, 'w').onStored(nights('alice', 'pa', 0, 4));
    expect(emitted.map((r) => r.personal)).toEqual([
      { raised: true, checkInsAgree: false },
      { raised: false, checkInsAgree: true },
      undefined,
      undefined,
    ]);
  });
});
