import { Injectable, Logger } from '@nestjs/common';
import type { Scope } from './consent.schema';

export type ConsentAction = 'granted' | 'updated' | 'withdrawn' | 'erased';

/**
 * One consent event: who (pid, never the subjectId), when, what, under which policy version and
 * for which purposes. No health data, no cohorts, no time zone.
 */
export interface AuditEntry {
  at: string;
  pid: string;
  action: ConsentAction;
  policyVersion: string | null;
  scopes: Scope[];
}

/**
 * Append-only consent audit trail (GDPR Art. 7(1): be able to show that a person consented, and
 * when they withdrew). Each entry is written as a structured log line, which is the durable copy,
 * and kept in a bounded in-memory ring for inspection. A Kafka topic can replace the log line here,
 * in one place.
 */
@Injectable()
export class ConsentAudit {
  private readonly log = new Logger('ConsentAudit');
  private readonly ring: AuditEntry[] = [];
  private readonly capacity = 10_000;

  append(entry: AuditEntry): void {
    const frozen = Object.freeze({ ...entry, scopes: [...entry.scopes] });
    this.ring.push(frozen);
    if (this.ring.length > this.capacity) this.ring.shift();
    this.log.log({ msg: 'consent audit', ...frozen });
  }

  /** The newest entries last; optionally only those of one pid. */
  entries(pid?: string): readonly AuditEntry[] {
    return pid === undefined ? [...this.ring] : this.ring.filter((e) => e.pid === pid);
  }
}
