import { createHash } from 'node:crypto';
import { type MetricName, type Period, TrendsError } from './trends.types';

/**
 * Memory of what was published, so no later release can be subtracted from an earlier one.
 *
 * Each published cell keeps its contributor set as salted SHA-256 hashes of the pids (not the pids):
 * the memory must be persisted (a restart that forgot it would reopen every differencing pair) and a
 * persisted copy should not join back to the pids in InfluxDB. The salt is a secret the caller holds;
 * the memory stores only a fingerprint of it, because hashing under a different salt would make
 * every set look disjoint and silently disable the check. The cell also keeps its published figure,
 * so the same people in the same period are answered with the same figure, never a fresh noise draw.
 */
export interface PublishedCell {
  cohortId: string;
  period: Period;
  metric: MetricName;
  /** Sorted, distinct salted hashes of the contributors' pids. */
  members: string[];
  /** The figure as published (noised, clamped, rounded). */
  value: number;
}

export interface TrendMemory {
  saltId: string;
  cells: PublishedCell[];
}

export type CellCheck =
  | { kind: 'new' }
  | { kind: 'reuse'; value: number }
  | { kind: 'conflict'; with: PublishedCell };

const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest();

function checkedSaltId(salt: string): string {
  if (salt.length < 16)
    throw new TrendsError('trends-salt-weak', 'the member salt needs ≥ 16 characters', 'salt');
  return sha('respite.trends.salt-id', salt).subarray(0, 12).toString('base64url');
}

export function createMemory(salt: string): TrendMemory {
  return { saltId: checkedSaltId(salt), cells: [] };
}

export function assertSalt(memory: TrendMemory, salt: string): void {
  if (memory.saltId !== checkedSaltId(salt)) {
    throw new TrendsError('trends-salt-mismatch', 'the memory was built with another salt', 'salt');
  }
}

/** 96-bit salted hashes: collisions among a few thousand people are negligible. */
export function hashMembers(pids: readonly string[], salt: string): string[] {
  const hashed = new Set(pids.map((pid) => sha(salt, pid).subarray(0, 12).toString('base64url')));
  return [...hashed].sort();
}

/**
 * |A Δ B|, exact when below `stopAt`; otherwise stops early with some value ≥ `stopAt`. After i
 * elements of A with `missed` of them outside B, |A Δ B| ≥ |B| − |A| + 2·missed already.
 */
export function symmetricDifferenceSize(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  stopAt = Infinity,
): number {
  let missed = 0;
  for (const x of a) {
    if (b.has(x)) continue;
    missed++;
    if (b.size - a.size + 2 * missed >= stopAt) return stopAt;
  }
  return b.size - a.size + 2 * missed;
}

const memberSets = new WeakMap<PublishedCell, ReadonlySet<string>>();
function setOf(cell: PublishedCell): ReadonlySet<string> {
  const known = memberSets.get(cell);
  if (known) return known;
  const s = new Set(cell.members);
  memberSets.set(cell, s);
  return s;
}

const samePeriod = (a: Period, b: Period) => a.start === b.start && a.end === b.end;

/**
 * Checks a candidate cell against every published cell of the same metric, whatever its cohort or
 * period: a symmetric difference of 1..k−1 people would let someone subtract the two figures (for a
 * slowly changing attribute even across periods), so the candidate conflicts. A difference of 0 in
 * the same period is the same figure again and reuses it.
 */
export function checkCell(
  cells: readonly PublishedCell[],
  metric: MetricName,
  period: Period,
  members: readonly string[],
  k: number,
): CellCheck {
  const candidate = new Set(members);
  let reuse: number | undefined;
  for (const cell of cells) {
    // |A Δ B| ≥ ||A| − |B||, so far-apart sizes can neither conflict nor be identical.
    if (cell.metric !== metric || Math.abs(cell.members.length - candidate.size) >= k) continue;
    const d = symmetricDifferenceSize(candidate, setOf(cell), k);
    if (d > 0 && d < k) return { kind: 'conflict', with: cell };
    if (d === 0 && reuse === undefined && samePeriod(cell.period, period)) reuse = cell.value;
  }
  return reuse === undefined ? { kind: 'new' } : { kind: 'reuse', value: reuse };
}

/**
 * Forgets cells of periods that ended before `endBefore`. Opt-in: a forgotten cell can again be
 * paired with a new one, so prune only past the horizon where attributes no longer carry over.
 */
export function pruneMemory(memory: TrendMemory, endBefore: string): TrendMemory {
  const limit = Date.parse(endBefore);
  return { ...memory, cells: memory.cells.filter((c) => !(Date.parse(c.period.end) < limit)) };
}
