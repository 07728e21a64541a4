import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';

/** Open SSE streams per person; more than this and the oldest is closed (a leaked tab, not a person). */
export const MAX_STREAMS_PER_PERSON = 5;

/**
 * Fan-out of delivered nudges to the owner's open event streams. Streams are keyed by pid, which
 * the controller derives from the token's sub: nobody can listen to someone else's key.
 */
@Injectable()
export class LiveStreams<T = unknown> implements BeforeApplicationShutdown {
  private readonly byPid = new Map<string, Set<Subscriber<T>>>();

  open(pid: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      const set = this.byPid.get(pid) ?? new Set();
      this.byPid.set(pid, set);
      set.add(subscriber);
      if (set.size > MAX_STREAMS_PER_PERSON) set.values().next().value?.complete();
      return () => {
        set.delete(subscriber);
        if (set.size === 0 && this.byPid.get(pid) === set) this.byPid.delete(pid);
      };
    });
  }

  publish(pid: string, item: T): number {
    const set = this.byPid.get(pid);
    for (const s of set ?? []) s.next(item);
    return set?.size ?? 0;
  }

  /** Ends the person's streams (erasure). */
  close(pid: string): void {
    for (const s of [...(this.byPid.get(pid) ?? [])]) s.complete();
  }

  count(pid: string): number {
    return this.byPid.get(pid)?.size ?? 0;
  }

  /** Open streams would keep the HTTP server from closing. */
  beforeApplicationShutdown(): void {
    for (const pid of [...this.byPid.keys()]) this.close(pid);
  }
}
