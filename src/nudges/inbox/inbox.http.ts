import { Logger, ServiceUnavailableException } from '@nestjs/common';

const log = new Logger('NudgesHttp');

/** Before the inbox has caught up with its topic, an empty answer would be a wrong answer. */
export function assertReady(ready: boolean): void {
  if (!ready) throw new ServiceUnavailableException('the inbox is still loading; try again shortly');
}

/** Kafka failing is the server's problem, reported as 503: nothing changed, or the call is safe to repeat. */
export async function stored<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    log.error(`inbox change failed: ${err instanceof Error ? err.message : 'unknown error'}`);
    throw new ServiceUnavailableException('the change could not be stored; please try again');
  }
}
