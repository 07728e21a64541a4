// The warning states this process holds, keyed by pid, and their changelog records. Pure: the
// service decides when records are written; this only evaluates, snapshots, restores and drops.
import { type JudgedNight, judgedNight } from '../baseline/judged.night';
import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { createPersonState, type PersonState, restoreState, serializeState } from './person.state';
import { NO_PERSONAL_INPUTS, type PersonalInputs } from './personal.inputs';
import { type StateSummary, summarizeState } from './state.summary';
import type { WarningConfig } from './warning.config';
import { evaluateNight, type Level, type NightVerdict } from './warning.engine';

const LEVELS: readonly Level[] = ['none', 'watch', 'warning'];

/** One changelog value (key: pid); a null value (tombstone) means the state is gone. */
export interface StateRecord {
  /** serializeState's bytes, base64. */
  state: string;
  /** Wake date of the latest night in the state: what was last evaluated. */
  lastNight: string;
}

export function encodeStateRecord(r: StateRecord): string {
  return JSON.stringify({ v: 1, ...r });
}

/** null for anything that is not a version-1 record with a state that restores. */
export function decodeStateRecord(value: Buffer): (StateRecord & { person: PersonState }) | null {
  try {
    const o = JSON.parse(value.toString('utf8')) as Partial<StateRecord> & { v?: number };
    if (o.v !== 1 || typeof o.state !== 'string' || typeof o.lastNight !== 'string') return null;
    if (Number.isNaN(dayNumber(o.lastNight))) return null;
    return { state: o.state, lastNight: o.lastNight, person: restoreState(o.state) };
  } catch {
    return null;
  }
}

export class WarningStates {
  private readonly states = new Map<string, PersonState>();

  constructor(private readonly cfg: WarningConfig) {}

  has(pid: string): boolean {
    return this.states.has(pid);
  }

  /** Day number of the latest night recorded for pid; -1 when there is none. */
  lastDay(pid: string): number {
    return this.states.get(pid)?.baseline.lastDay ?? -1;
  }

  level(pid: string): Level {
    return LEVELS[this.states.get(pid)?.level ?? 0]!;
  }

  /** Evaluates one complete night in wake-date order, creating the state on first sight. */
  evaluate(pid: string, night: NightInput, personal: PersonalInputs = NO_PERSONAL_INPUTS): NightVerdict {
    let s = this.states.get(pid);
    if (!s) {
      s = createPersonState();
      this.states.set(pid, s);
    }
    return evaluateNight(s, night, this.cfg, personal);
  }

  /** What pid's latest recorded night was judged against (#21); undefined without a state. */
  judged(pid: string): JudgedNight | undefined {
    const s = this.states.get(pid);
    return s && judgedNight(s.baseline, s.baseline.lastDay, this.cfg);
  }

  /** What is held for pid, in words (the person's export); undefined when nothing is. */
  summary(pid: string): StateSummary | undefined {
    const s = this.states.get(pid);
    return s && summarizeState(s);
  }

  snapshot(pid: string): Buffer | undefined {
    const s = this.states.get(pid);
    return s && serializeState(s);
  }

  /** Puts a snapshot back; undefined means there was no state. */
  reset(pid: string, snapshot: Buffer | undefined): void {
    if (snapshot) this.states.set(pid, restoreState(snapshot));
    else this.states.delete(pid);
  }

  set(pid: string, state: PersonState): void {
    this.states.set(pid, state);
  }

  drop(pid: string): boolean {
    return this.states.delete(pid);
  }

  record(pid: string): StateRecord | undefined {
    const s = this.states.get(pid);
    if (!s) return undefined;
    return { state: serializeState(s).toString('base64'), lastNight: dateOfDay(s.baseline.lastDay) };
  }

  /** People whose latest night is `days` or more before `today` (a day number). */
  countStale(today: number, days: number): number {
    let n = 0;
    for (const s of this.states.values()) if (today - s.baseline.lastDay >= days) n++;
    return n;
  }

  get size(): number {
    return this.states.size;
  }

  /** Whose states are held. */
  pids(): string[] {
    return [...this.states.keys()];
  }
}
