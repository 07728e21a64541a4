// Turns contract messages into nights the way live ingest sees them: every message goes through the
// real decoder (src/ingest/decode), then each main sleep session and the HRV readings taken during
// it become one NightInput. In process, no Kafka.

import { decodeReading } from '../../src/ingest/decode/decode-reading';
import type { SleepReading } from '../../src/ingest/decode/reading.types';
import { hrvFromRr } from '../../src/ingest/hrv.metrics';
import type { NightInput } from '../../src/night/night';
import { assembleNight, type HrvSample, sampleOf } from '../../src/night/night.assemble';

export interface RawMessage {
  topic: 'hrv' | 'sleep';
  key: string;
  value: string;
}

export interface NightsBySubject {
  nights: Map<string, NightInput[]>;
  /** Messages the decoder rejected, by code. */
  rejected: Record<string, number>;
}

export function nightsFromMessages(messages: Iterable<RawMessage>, nowMs: number): NightsBySubject {
  const sleeps = new Map<string, SleepReading[]>();
  const hrvs = new Map<string, HrvSample[]>();
  const rejected: Record<string, number> = {};
  for (const m of messages) {
    const d = decodeReading(m.topic, m.key, Buffer.from(m.value, 'utf8'), { nowMs });
    if (!d.ok) {
      rejected[d.error.code] = (rejected[d.error.code] ?? 0) + 1;
      continue;
    }
    const r = d.reading;
    if (r.kind === 'sleep') push(sleeps, r.subjectId, r);
    else push(hrvs, r.subjectId, sampleOf(r, r.rrIntervalsMs ? hrvFromRr(r.rrIntervalsMs) : null));
  }
  const nights = new Map<string, NightInput[]>();
  for (const [subjectId, list] of sleeps) {
    const hrv = hrvs.get(subjectId) ?? [];
    const byDate = new Map<string, NightInput>();
    for (const s of list) {
      const n = assembleNight(s, hrv);
      if (n) byDate.set(n.wakeDate, n);
    }
    nights.set(
      subjectId,
      [...byDate.values()].sort((a, b) => (a.wakeDate < b.wakeDate ? -1 : a.wakeDate > b.wakeDate ? 1 : 0)),
    );
  }
  return { nights, rejected };
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}
