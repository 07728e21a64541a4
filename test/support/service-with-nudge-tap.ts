// The service as src/main.ts starts it, plus a tap for tests that run it as a separate process (so
// that they can kill -9 it): every `nudge.requested` event the warning engine emits is appended to the
// file RESPITE_NUDGE_TAP, one JSON line each, once its listeners (nudge delivery) accepted it.
// Written synchronously, inside the batch: the line is in the file before the batch goes on to
// the state changelog and the offset commit, so a later kill cannot take it back.
import { appendFileSync } from 'node:fs';
import { EventBus } from '../../src/events/event-bus';
import { bootstrap } from '../../src/main';
import type { NudgeRequest } from '../../src/warnings/nudge-request';

/** One line of the tap file; no subjectId (the pid is the identity that tests compare). */
export interface TappedRequest {
  pid: string;
  asOf: string;
  level: string;
  /** Wall clock of the hand-over (ms). */
  at: number;
}

const file = process.env.RESPITE_NUDGE_TAP;
if (!file) throw new Error('set RESPITE_NUDGE_TAP to the file that receives the nudge requests');

// Patched before the app exists, so not even a request of the first batch can pass unseen.
const emit = EventBus.prototype.emit;
EventBus.prototype.emit = async function (this: EventBus, event, payload): Promise<void> {
  await emit.call(this, event, payload);
  if (event !== 'nudge.requested') return;
  const req = payload as NudgeRequest;
  const line: TappedRequest = { pid: req.pid, asOf: req.asOf, level: req.level, at: Date.now() };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
};

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
