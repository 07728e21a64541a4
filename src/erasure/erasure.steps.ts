/**
 * The parts of an erasure, in the order they run. Written down here rather than left to the order
 * in which Nest builds modules, because order matters:
 * - `points` first and `sweep` after `settle`: a batch consent-checked on another instance just
 *   before it saw the withdrawal can still land after the first delete;
 * - state and inbox before the consent tombstone, so that a crash in between leaves the withdrawal
 *   record on the topic and the next owner repeats the whole erasure;
 * - `memory` last: in-process caches (the subjectId → pid cache) only once nothing needs them.
 */
export const ERASURE_ORDER = ['points', 'settle', 'sweep', 'warning-state', 'inbox', 'memory'] as const;

export type ErasureStep = (typeof ERASURE_ORDER)[number];

/** What a step reports for the receipt: points per measurement, or whether state was dropped. */
export interface StepResult {
  points?: Record<string, number>;
  dropped?: boolean;
}

/** One erasure: the person, every pid they may have been stored under, and when they asked. */
export interface ErasureJob {
  subjectId: string;
  pids: readonly string[];
  /** null for a tombstone, which carries no time. */
  requestedAt: string | null;
}

/** Resolves to a StepResult for the receipt, or to anything else (ignored). */
export type StepHandler = (job: ErasureJob) => Promise<unknown>;

/**
 * Features register what they hold of a person under a named step; the erasure runs the steps in
 * ERASURE_ORDER, the handlers of one step in registration order.
 */
export class ErasureSteps {
  private readonly handlers = new Map<ErasureStep, StepHandler[]>();

  register(step: ErasureStep, handler: StepHandler): void {
    this.handlers.set(step, [...(this.handlers.get(step) ?? []), handler]);
  }

  async run(job: ErasureJob): Promise<Map<ErasureStep, StepResult[]>> {
    const out = new Map<ErasureStep, StepResult[]>();
    for (const step of ERASURE_ORDER) {
      const results: StepResult[] = [];
      for (const h of this.handlers.get(step) ?? []) {
        const r = await h(job);
        results.push(typeof r === 'object' && r !== null ? (r as StepResult) : {});
      }
      out.set(step, results);
    }
    return out;
  }
}
