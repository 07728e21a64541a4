import { session } from '../auth/session';
import type { Schemas } from './client';

export type Nudge = Schemas['NudgeDto'];

/**
 * The person's live nudges (`GET /v1/me/nudges/stream`, Server-Sent Events). EventSource cannot send
 * the bearer token, so the stream is read with fetch and parsed here; it reconnects after a drop.
 * Returns a function that closes it.
 */
export function followNudges(onNudge: (n: Nudge) => void, onOpen?: () => void): () => void {
  const stop = new AbortController();
  let wait = 1000;
  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const res = await fetch('/v1/me/nudges/stream', {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token.value ?? ''}` },
          signal: stop.signal,
        });
        if (res.status === 401 || res.status === 403) return;
        if (!res.ok || !res.body) throw new Error(String(res.status));
        wait = 1000;
        onOpen?.();
        await readEvents(res.body, (type, data) => {
          if (type === 'nudge') onNudge(JSON.parse(data) as Nudge);
        });
      } catch {
        if (stop.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 30_000);
    }
  };
  void run();
  return () => stop.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, on: (type: string, data: string) => void) {
  const reader = body.getReader();
  const text = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += text.decode(value, { stream: true });
    let end = buf.indexOf('\n\n');
    while (end >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) on(type, data.join('\n'));
      end = buf.indexOf('\n\n');
    }
  }
}
