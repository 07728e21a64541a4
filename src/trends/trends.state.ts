import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EpsilonLedger } from './epsilon-budget';
import { createMemory, type PublishedCell } from './suppression';
import type { TrendState } from './trends.release';
import { METRICS, TrendsError } from './trends.types';

/** One record of the compacted trend-state topic; a null value deletes the key. */
export interface StateEntry {
  key: string;
  value: string | null;
}

const cellSchema = z.object({
  cohortId: z.string().min(1),
  period: z.object({ start: z.string(), end: z.string() }),
  metric: z.enum(METRICS),
  members: z.array(z.string()),
  value: z.number(),
});
const metaSchema = z.object({ saltId: z.string().min(1) });
const spentSchema = z.object({ spent: z.number().nonnegative() });

const META = 'meta';

/** Content address of a cell: two cells of one cohort, period and metric can differ in members. */
export function cellKey(c: PublishedCell): string {
  const id = JSON.stringify([c.cohortId, c.period.start, c.period.end, c.metric, c.members]);
  return `cell:${createHash('sha256').update(id).digest('base64url').slice(0, 32)}`;
}

/**
 * The trend state (memory of published cells + epsilon ledger) folded from a compacted topic, one
 * key per cell and per ledger entry, so a run writes only what changed and pruning is a tombstone.
 * No pid is in it: cells hold salted hashes of the members, and the meta record the salt's id.
 */
export class TrendStateFold {
  private saltId?: string;
  private readonly cells = new Map<string, PublishedCell>();
  private readonly ledger = new Map<string, number>();

  /** Folds one record of the topic; an unreadable one is ignored (and reported). */
  apply(key: string, value: Buffer | string | null): boolean {
    const text = value === null ? null : value.toString();
    try {
      if (key === META) {
        this.saltId = text === null ? undefined : metaSchema.parse(JSON.parse(text)).saltId;
      } else if (key.startsWith('cell:')) {
        if (text === null) this.cells.delete(key);
        else this.cells.set(key, cellSchema.parse(JSON.parse(text)));
      } else if (key.startsWith('eps:')) {
        if (text === null) this.ledger.delete(key.slice(4));
        else this.ledger.set(key.slice(4), spentSchema.parse(JSON.parse(text)).spent);
      } else return false;
      return true;
    } catch {
      return false;
    }
  }

  get cellCount(): number {
    return this.cells.size;
  }

  /** The state a release starts from; refuses a memory built under another salt. */
  state(salt: string): TrendState {
    const saltId = createMemory(salt).saltId;
    if (this.saltId !== undefined && this.saltId !== saltId) {
      throw new TrendsError(
        'trends-salt-mismatch',
        'the stored trend memory was built with another salt',
        'salt',
      );
    }
    return { memory: { saltId, cells: [...this.cells.values()] }, ledger: Object.fromEntries(this.ledger) };
  }

  /** What to write so that the topic holds `next` instead of `prev` (cells compared by identity). */
  diff(prev: TrendState, next: TrendState): StateEntry[] {
    const out: StateEntry[] = [];
    if (this.saltId !== next.memory.saltId) {
      out.push({ key: META, value: JSON.stringify({ saltId: next.memory.saltId }) });
    }
    const before = new Set(prev.memory.cells);
    const after = new Set(next.memory.cells);
    for (const c of next.memory.cells)
      if (!before.has(c)) out.push({ key: cellKey(c), value: JSON.stringify(c) });
    for (const c of prev.memory.cells) if (!after.has(c)) out.push({ key: cellKey(c), value: null });
    out.push(...ledgerDiff(prev.ledger, next.ledger));
    return out;
  }

  /** Tombstones for everything stored: a fresh start (only ever with an ephemeral dev salt). */
  resetEntries(): StateEntry[] {
    return [
      ...[...this.cells.keys()].map((key) => ({ key, value: null })),
      ...[...this.ledger.keys()].map((k) => ({ key: `eps:${k}`, value: null })),
      { key: META, value: null },
    ];
  }
}

function ledgerDiff(prev: EpsilonLedger, next: EpsilonLedger): StateEntry[] {
  const out: StateEntry[] = [];
  for (const [k, spent] of Object.entries(next))
    if (prev[k] !== spent) out.push({ key: `eps:${k}`, value: JSON.stringify({ spent }) });
  for (const k of Object.keys(prev)) if (!(k in next)) out.push({ key: `eps:${k}`, value: null });
  return out;
}
