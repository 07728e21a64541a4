import type { SleepReading } from '../ingest/decode/reading.types';
import type { PersonalInputs } from './personal.inputs';
import { DEFAULT_WARNING_CONFIG } from './warning.config';
import { WarningStates } from './warning.states';
import { nights } from './warnings.fixtures';
import { type ProcessorDeps, WarningsProcessor } from './warnings.processor';

const INPUTS: PersonalInputs = {
  dismissals: [{ asOf: '2026-11-01', reason: 'travel', atMs: 1 }],
  checkIns: [{ atMs: 2, stress: 4, sleepQuality: 2 }],
};

/** The personal inputs (issue #20) reach `evaluate` for each evaluated night, asked for by its end. */
describe('WarningsProcessor: personal inputs', () => {
  it('asks for the inputs of each evaluated night with its end and hands them to the engine', async () => {
    const asked: [string, string, number][] = [];
    const deps: ProcessorDeps = {
      allows: (s) => s === 'alice',
      storedHrv: async () => [],
      catchUp: async () => {},
      writeChangelog: async () => {},
      emit: async () => {},
      storeNights: async () => {},
      personal: async (pid, subjectId, untilMs) => {
        asked.push([pid, subjectId, untilMs]);
        return INPUTS;
      },
    };
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
    const deps: ProcessorDeps = {
      allows: () => true,
      storedHrv: async () => [],
      catchUp: async () => {},
      writeChangelog: async () => {},
      emit: async () => {},
      storeNights: async () => {},
    };
    await new WarningsProcessor(states, deps, 'w').onStored(nights('alice', 'pa', 0, 2));
    expect(evaluate.mock.calls.map((c) => c[2])).toEqual([
      { dismissals: [], checkIns: [] },
      { dismissals: [], checkIns: [] },
    ]);
  });
});
