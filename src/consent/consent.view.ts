import type { ConsentRecord, Scope } from './consent.schema';

/**
 * The current consent of every person, folded from consent.v1. Held in memory only; the topic is
 * the source of truth and rebuilds this view at start.
 */
export class ConsentView {
  private readonly bySubject = new Map<string, ConsentRecord>();
  private changes = 0;

  apply(subjectId: string, record: ConsentRecord | null): void {
    if (record === null) this.bySubject.delete(subjectId);
    else this.bySubject.set(subjectId, record);
    this.changes++;
  }

  /** Grows with every change: equal values mean nobody's consent changed in between. */
  get version(): number {
    return this.changes;
  }

  get(subjectId: string): ConsentRecord | undefined {
    return this.bySubject.get(subjectId);
  }

  allows(subjectId: string, scope: Scope): boolean {
    const c = this.bySubject.get(subjectId);
    return c !== undefined && c.status === 'granted' && c.scopes.includes(scope);
  }

  /**
   * Subjects with `scope` granted in any of `cohorts`, each with those of its cohorts in the order
   * given: for aggregate trends. One pass over everyone, not one per cohort (400 feeds × 100,000
   * people were 40 million checks a run, README Scale).
   */
  memberships(cohorts: readonly string[], scope: Scope): Map<string, string[]> {
    const order = new Map<string, number>();
    cohorts.forEach((k, i) => {
      if (!order.has(k)) order.set(k, i);
    });
    const out = new Map<string, string[]>();
    for (const [id, c] of this.bySubject) {
      if (c.status !== 'granted' || !c.scopes.includes(scope)) continue;
      const mine = [...new Set(c.cohorts)].filter((k) => order.has(k));
      if (mine.length > 0)
        out.set(
          id,
          mine.sort((a, b) => order.get(a)! - order.get(b)!),
        );
    }
    return out;
  }

  /** Everyone with `scope` granted. */
  allowing(scope: Scope): string[] {
    const out: string[] = [];
    for (const [id, c] of this.bySubject)
      if (c.status === 'granted' && c.scopes.includes(scope)) out.push(id);
    return out;
  }

  get size(): number {
    return this.bySubject.size;
  }
}
