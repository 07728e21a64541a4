import { Injectable, Logger } from '@nestjs/common';
import type { AppEvent, AppEvents } from './app-events';

export type EventHandler<E extends AppEvent> = (payload: AppEvents[E]) => void | Promise<void>;

interface Registration<E extends AppEvent> {
  handler: EventHandler<E>;
  priority: number;
  /** Who listens, for the log line when nobody does. */
  name: string;
}

/** The typed in-process event bus (AppEvents): one place where features meet. */
@Injectable()
export class EventBus {
  private readonly log = new Logger(EventBus.name);
  private readonly handlers = new Map<AppEvent, Registration<AppEvent>[]>();

  /** Registers a handler; lower `priority` runs first. Returns a function that removes it. */
  on<E extends AppEvent>(event: E, name: string, handler: EventHandler<E>, priority = 100): () => void {
    const reg = { handler, priority, name } as unknown as Registration<AppEvent>;
    const list = [...(this.handlers.get(event) ?? []), reg].sort((a, b) => a.priority - b.priority);
    this.handlers.set(event, list);
    return () =>
      this.handlers.set(
        event,
        (this.handlers.get(event) ?? []).filter((r) => r !== reg),
      );
  }

  /** Runs every handler in priority order, each awaited; the first error stops and is rethrown. */
  async emit<E extends AppEvent>(event: E, payload: AppEvents[E]): Promise<void> {
    const list = this.handlers.get(event) ?? [];
    if (list.length === 0 && event === 'nudge.requested') this.log.warn(`${event} with no handler`);
    for (const r of list) await (r.handler as EventHandler<E>)(payload);
  }

  /** Who listens to what, in order (README and the startup log). */
  listeners(event: AppEvent): string[] {
    return (this.handlers.get(event) ?? []).map((r) => `${r.name}@${r.priority}`);
  }
}
