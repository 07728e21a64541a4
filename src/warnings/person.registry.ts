// The states of the people whose readings one consumer's partitions carry. No Nest here: the
// integration layer owns the Kafka partitions and decides when to checkpoint (snapshot) and when a
// person's consent is withdrawn (drop).
import type { NightInput } from '../baseline/night';
import { createPersonState, type PersonState, restoreState, serializeState } from './person.state';
import { DEFAULT_WARNING_CONFIG, type WarningConfig } from './warning.config';
import { evaluateNight, type NightVerdict } from './warning.engine';

export class PersonRegistry {
  private readonly states = new Map<string, PersonState>();

  constructor(private readonly cfg: WarningConfig = DEFAULT_WARNING_CONFIG) {}

  /** Evaluates one complete night of a person (key: the pseudonym), creating their state on first sight. */
  onNight(pid: string, night: NightInput): NightVerdict {
    let s = this.states.get(pid);
    if (!s) {
      s = createPersonState();
      this.states.set(pid, s);
    }
    return evaluateNight(s, night, this.cfg);
  }

  snapshot(pid: string): Buffer | undefined {
    const s = this.states.get(pid);
    return s && serializeState(s);
  }

  restore(pid: string, data: Buffer | Uint8Array | string): void {
    this.states.set(pid, restoreState(data));
  }

  /** Erasure or revoked consent: the person's baseline is gone. */
  drop(pid: string): boolean {
    return this.states.delete(pid);
  }

  get size(): number {
    return this.states.size;
  }

  *snapshots(): IterableIterator<[string, Buffer]> {
    for (const [pid, s] of this.states) yield [pid, serializeState(s)];
  }
}
