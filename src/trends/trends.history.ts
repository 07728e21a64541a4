import { BASELINE_LOOKBACK_DAYS, type NightValues } from './trends.contributions';
import { addDays, dateMs } from './trends.periods';

/**
 * The trends' kept history: each person's merged nights (trends.contributions mergeNights), kept
 * per week and stored as one packed record per person and block of BLOCK_WEEKS weeks, written by
 * the trends job for the blocks its period touched. A run then reads from `daily` only its period's
 * nights and takes the baseline nights before the period from these records: ~6 rows per person
 * instead of ~270 (97 nights × 3 fields).
 *
 * A week says which of its nights it covers (the run that wrote it had read them), so a person
 * with no value on a covered night had none, and a night not covered sends the person back to
 * `daily` (the first run, a new person, a run that was missed, a key rotation). Values are kept as
 * the 8 bytes of their double, so the baseline is exactly the one `daily` would give.
 */
export interface WeekRecord {
  /** Monday of the week, YYYY-MM-DD (nights are named by their wake-up date). */
  week: string;
  /** Bit d: the night week + d days is covered. */
  covered: number;
  /** Covered nights that have a value, oldest first. */
  nights: NightValues[];
}

/**
 * Weeks in one stored record. InfluxDB's cost of the read goes with the points (and series ×
 * shards), not with their bytes: records of one week made the kept history most of a steady run
 * (README, #21). Bounded by retention: a run's baseline window starts on the day after a Monday
 * (weekly) or any day (daily), up to 7 × BLOCK_WEEKS − 1 days into its block, and that block must
 * not be past the cutoff of the smallest RETENTION_DAILY_DAYS on any day a run may be scheduled
 * (four weeks would be, for a weekly run on a Wednesday to Sunday; three leave a weekly run on a
 * Sunday two days to spare; retention.cutoffs.spec checks it).
 */
export const BLOCK_WEEKS = 3;
const DAY_MS = 86_400_000;
/** Blocks are counted from Monday 1970-01-05 (day 4 of the epoch). */
const FIRST_MONDAY = 4;
/** A packed record whose first byte has this bit set is a block; else it is one week (before blocks). */
const BLOCK_FLAG = 0x80;
const FIELDS = ['lnRmssd', 'lnSdnn', 'sleepH', 'rhrBpm'] as const;

/** Monday of the week a night (YYYY-MM-DD) belongs to. */
export function weekOf(night: string): string {
  const weekday = (new Date(dateMs(night)).getUTCDay() + 6) % 7;
  return addDays(night, -weekday);
}

let lastWeeks = { from: '', to: '', weeks: [] as readonly string[] };
/** Mondays of the weeks holding any night in [from, to], oldest first (a run asks the same for everyone). */
export function weeksBetween(from: string, to: string): readonly string[] {
  if (lastWeeks.from === from && lastWeeks.to === to) return lastWeeks.weeks;
  const out: string[] = [];
  for (let w = weekOf(from); w <= to; w = addDays(w, 7)) out.push(w);
  lastWeeks = { from, to, weeks: out };
  return out;
}

/**
 * A string-keyed function remembered (bounded): a run asks the same few weeks and blocks for every
 * person, and each answer costs date strings parsed and formatted.
 */
function memo<T>(make: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let v = known.get(key);
    if (v === undefined) {
      if (known.size > 1_000) known.clear();
      v = make(key);
      known.set(key, v);
    }
    return v;
  };
}

/** The seven nights of a week. */
const daysOf = memo((week) => Array.from({ length: 7 }, (_, d) => addDays(week, d)));

/** Monday of the block a night (YYYY-MM-DD) belongs to. */
export function blockOf(night: string): string {
  const day = Math.floor(dateMs(night) / DAY_MS);
  const block = Math.floor((day - FIRST_MONDAY) / (7 * BLOCK_WEEKS));
  return new Date((FIRST_MONDAY + block * 7 * BLOCK_WEEKS) * DAY_MS).toISOString().slice(0, 10);
}

/** The first night after the block holding `night`: where a read of that block's records stops. */
export function blockEnd(night: string): string {
  return addDays(blockOf(night), 7 * BLOCK_WEEKS);
}

interface Block {
  start: string;
  startMs: number;
  /** Its weeks' Mondays, oldest first. */
  weeks: readonly string[];
}
/** The Mondays of the block that starts at `start`, oldest first. */
const mondaysOf = memo((start) => Array.from({ length: BLOCK_WEEKS }, (_, k) => addDays(start, 7 * k)));
/** The block a week (its Monday) is in. */
const blockOfWeek = memo((week): Block => {
  const start = blockOf(week);
  return { start, startMs: dateMs(start), weeks: mondaysOf(start) };
});

/** Per covered night: a byte of which fields it has, then their doubles (little-endian). */
function weekBytes(r: WeekRecord): Buffer {
  const byNight = new Map(r.nights.map((n) => [n.night, n]));
  const bytes: number[] = [r.covered & 0x7f];
  const values: number[] = [];
  for (let d = 0; d < 7; d++) {
    if ((r.covered & (1 << d)) === 0) continue;
    const n = byNight.get(daysOf(r.week)[d]!);
    let mask = 0;
    FIELDS.forEach((f, i) => {
      const v = n?.[f];
      if (v !== undefined && Number.isFinite(v)) {
        mask |= 1 << i;
        values.push(v);
      }
    });
    bytes.push(mask);
  }
  const buf = Buffer.alloc(bytes.length + values.length * 8);
  bytes.forEach((b, i) => {
    buf[i] = b;
  });
  values.forEach((v, i) => {
    buf.writeDoubleLE(v, bytes.length + i * 8);
  });
  return buf;
}

/** One week alone, as records were stored before blocks (still read: decodeKept). */
export function encodeWeek(r: WeekRecord): string {
  return weekBytes(r).toString('base64url');
}

/** A block's record: a flag byte with the number of weeks, then each week as encodeWeek packs it. */
export function encodeBlock(weeks: readonly WeekRecord[]): string {
  return Buffer.concat([Buffer.from([BLOCK_FLAG | weeks.length]), ...weeks.map(weekBytes)]).toString(
    'base64url',
  );
}

/** The week at `at` in buf, and where the next one starts. */
function readWeek(buf: Buffer, at: number, week: string): { record: WeekRecord; next: number } {
  const cut = () => new Error('a kept record is cut short');
  if (buf.length <= at) throw cut();
  const covered = buf[at]!;
  if (covered & BLOCK_FLAG) throw new Error('a kept week with an unknown flag');
  const days: number[] = [];
  for (let d = 0; d < 7; d++) if (covered & (1 << d)) days.push(d);
  let next = at + 1 + days.length;
  if (buf.length < next) throw cut();
  const nights: NightValues[] = [];
  days.forEach((d, k) => {
    const mask = buf[at + 1 + k]!;
    if (mask === 0) return;
    const n: NightValues = { night: daysOf(week)[d]! };
    FIELDS.forEach((f, i) => {
      if ((mask & (1 << i)) === 0) return;
      if (buf.length < next + 8) throw cut();
      const v = buf.readDoubleLE(next);
      // encodeWeek writes finite values only: anything else is not a record of ours
      if (!Number.isFinite(v)) throw new Error('a kept value is not a number');
      n[f] = v;
      next += 8;
    });
    nights.push(n);
  });
  return { record: { week, covered, nights }, next };
}

/** A stored record, stamped at `at` (its first Monday): its weeks, and whether it was a block. */
export function decodeKept(at: string, packed: string): { weeks: WeekRecord[]; block: boolean } {
  const buf = Buffer.from(packed, 'base64url');
  if (((buf[0] ?? 0) & BLOCK_FLAG) === 0) {
    const week = readWeek(buf, 0, at);
    if (week.next !== buf.length) throw new Error('a kept record runs on past its weeks');
    return { weeks: [week.record], block: false };
  }
  const count = buf[0]! & ~BLOCK_FLAG;
  const mondays =
    count === BLOCK_WEEKS ? mondaysOf(at) : Array.from({ length: count }, (_, k) => addDays(at, 7 * k));
  const weeks: WeekRecord[] = [];
  let next = 1;
  for (let k = 0; k < count; k++) {
    const week = readWeek(buf, next, mondays[k]!);
    weeks.push(week.record);
    next = week.next;
  }
  if (next !== buf.length) throw new Error('a kept record runs on past its weeks');
  return { weeks, block: true };
}

/**
 * A person's kept weeks from their stored records (any order): a week from a block wins over the
 * same week stored alone, which only a run before blocks wrote (the block was built from it).
 */
export function keptWeeks(records: readonly { week: string; packed: string }[]): Map<string, WeekRecord> {
  const weeks = new Map<string, WeekRecord>();
  const fromBlocks = new Set<string>();
  for (const r of records) {
    const { weeks: decoded, block } = decodeKept(r.week, r.packed);
    for (const w of decoded) {
      if (!block && fromBlocks.has(w.week)) continue;
      weeks.set(w.week, w);
      if (block) fromBlocks.add(w.week);
    }
  }
  return weeks;
}

/**
 * What to store after weeks changed: every block that holds a changed week, whole (its other weeks
 * as kept, or covering nothing), stamped at its first Monday.
 */
export function blocksToWrite(
  kept: ReadonlyMap<string, WeekRecord>,
  changed: readonly WeekRecord[],
): { start: string; startMs: number; packed: string }[] {
  const byWeek = new Map(changed.map((w) => [w.week, w]));
  const blocks = [...new Set(changed.map((w) => blockOfWeek(w.week)))].sort((a, b) => a.startMs - b.startMs);
  return blocks.map(({ start, startMs, weeks }) => {
    const records = weeks.map(
      (week) => byWeek.get(week) ?? kept.get(week) ?? { week, covered: 0, nights: [] },
    );
    return { start, startMs, packed: encodeBlock(records) };
  });
}

/** Which nights of which weeks a baseline before `start` reads: [start − lookback, start). */
export function baselineWeeks(start: string): { from: string; start: string; need: [string, number][] } {
  const from = addDays(start, -BASELINE_LOOKBACK_DAYS);
  const need: [string, number][] = weeksBetween(from, addDays(start, -1)).map((week) => {
    let mask = 0;
    for (let d = 0; d < 7; d++) {
      const night = addDays(week, d);
      if (night >= from && night < start) mask |= 1 << d;
    }
    return [week, mask];
  });
  return { from, start, need };
}

/**
 * The merged nights of the baseline window (baselineWeeks), oldest first, or undefined when a
 * night in it is not covered by the records.
 */
export function keptHistory(
  weeks: ReadonlyMap<string, WeekRecord>,
  window: ReturnType<typeof baselineWeeks>,
): NightValues[] | undefined {
  const out: NightValues[] = [];
  for (const [week, mask] of window.need) {
    const w = weeks.get(week);
    if (!w || (w.covered & mask) !== mask) return undefined;
    for (const n of w.nights) if (n.night >= window.from && n.night < window.start) out.push(n);
  }
  return out;
}

/**
 * The records to write after a period [start, end] was computed from `daily`: for each week it
 * touches, that week's kept nights outside the period and the period's merged nights (all covered).
 */
export function recordsAfter(
  weeks: ReadonlyMap<string, WeekRecord>,
  start: string,
  end: string,
  period: readonly NightValues[],
): WeekRecord[] {
  return weeksBetween(start, end).map((week) => {
    const old = weeks.get(week);
    let covered = old?.covered ?? 0;
    const days = daysOf(week);
    days.forEach((night, d) => {
      if (night >= start && night <= end) covered |= 1 << d;
    });
    const weekEnd = days[6]!;
    const kept = (old?.nights ?? []).filter((n) => n.night < start || n.night > end);
    const fresh = period.filter((n) => n.night >= week && n.night <= weekEnd);
    const nights = [...kept, ...fresh].sort((a, b) => (a.night < b.night ? -1 : 1));
    return { week, covered, nights };
  });
}
