import { useEffect, useState } from 'preact/hooks';
import { api, must } from '../api/client';
import { followNudges, type Nudge } from '../api/live';
import { NudgeDismissal } from '../components/nudge-dismissal';
import { SupportList } from '../components/support-list';
import { useApi } from '../use-api';

const PUT_AWAY = 'respite.put-away';

function putAway(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(PUT_AWAY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

const day = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });

/** A signal of a nudge in plain words: what it was lately, against the person's own usual range. */
export function signalWords(s: Nudge['signals'][number]): string {
  const nights = s.days === 1 ? '1 night' : `${s.days} nights`;
  if (s.signal === 'hrv') {
    const [lo, hi] = s.band.map((x) => Math.round(Math.exp(x)));
    return `Heart-rate variability: about ${Math.round(Math.exp(s.value))} ms lately; your usual is ${lo}–${hi} ms (${nights} off).`;
  }
  if (s.signal === 'rhr') {
    const [lo, hi] = s.band.map((x) => Math.round(x));
    return `Resting heart rate: about ${Math.round(s.value)} beats a minute lately; your usual is ${lo}–${hi} (${nights} off).`;
  }
  const [lo, hi] = s.band.map((x) => x.toFixed(1));
  return `Sleep: about ${s.value.toFixed(1)} hours a night lately; your usual is ${lo}–${hi} hours (${nights} off).`;
}

/** The inbox, live: new notes appear without a reload; every suggestion can be answered. */
export function Nudges() {
  const inbox = useApi(() => must(api.GET('/v1/me/nudges')));
  const [live, setLive] = useState<Nudge[]>([]);
  const [announce, setAnnounce] = useState('');
  const [away, setAway] = useState(putAway);

  useEffect(
    () =>
      followNudges((n) => {
        setLive((l) => (l.some((x) => x.nudgeId === n.nudgeId) ? l : [n, ...l]));
        setAnnounce('A new note arrived.');
      }),
    [],
  );

  const all = [...live, ...(inbox.data ?? []).filter((n) => !live.some((l) => l.nudgeId === n.nudgeId))];
  const shown = all.filter((n) => !away[n.nudgeId]);
  const hidden = all.length - shown.length;

  /** "Not now": on this device only; it tells Respite nothing (NudgeDismissal does that). */
  function putAwayNow(id: string) {
    const next = { ...away, [id]: 'not-now' };
    localStorage.setItem(PUT_AWAY, JSON.stringify(next));
    setAway(next);
    setAnnounce('Put away for now.');
  }

  return (
    <section aria-labelledby="nudges-title">
      <h1 id="nudges-title">Nudges</h1>
      <p class="muted">Private notes when your signals stay off your usual range. Only you can see them.</p>
      <p class="sr-only" aria-live="polite">
        {announce}
      </p>
      {inbox.loading && <p role="status">Loading…</p>}
      {inbox.data && shown.length === 0 && (
        <div class="card soft">
          <p>No notes right now. The coping library is there whenever you want it.</p>
          <a class="button quiet" href="/library">
            Open the coping library
          </a>
        </div>
      )}
      <ul class="plain">
        {shown.map((n) => (
          <NudgeCard key={n.nudgeId} n={n} onAway={() => putAwayNow(n.nudgeId)} />
        ))}
      </ul>
      {hidden > 0 && (
        <button
          type="button"
          class="quiet"
          onClick={() => {
            localStorage.removeItem(PUT_AWAY);
            setAway({});
          }}
        >
          Show {hidden === 1 ? 'the note' : `${hidden} notes`} you put away
        </button>
      )}
    </section>
  );
}

function NudgeCard({ n, onAway }: { n: Nudge; onAway: () => void }) {
  const [nudge, setNudge] = useState(n);
  const [error, setError] = useState<string | null>(null);

  async function answer(suggestionId: string, helpful: boolean) {
    setError(null);
    try {
      const updated = await must(
        api.POST('/v1/me/nudges/{id}/feedback', {
          params: { path: { id: nudge.nudgeId } },
          body: { suggestionId, helpful },
        }),
      );
      setNudge(updated);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That did not save.');
    }
  }

  return (
    <li class="card nudge" aria-labelledby={`n-${nudge.nudgeId}`}>
      <h2 id={`n-${nudge.nudgeId}`}>About the night before {day(nudge.asOf)}</h2>
      <p>{nudge.message}</p>
      {nudge.signals.length > 0 && (
        <ul class="small">
          {nudge.signals.map((s) => (
            <li key={s.signal}>{signalWords(s)}</li>
          ))}
        </ul>
      )}
      <h3>Something that may help</h3>
      <ul class="plain stack">
        {nudge.suggestions.map((s) => (
          <li key={s.id} class="suggestion">
            <strong>{s.title}</strong> <span class="small muted">· {s.minutes} min</span>
            <p>{s.text}</p>
            <fieldset class="row answer">
              <legend class="sr-only">Did “{s.title}” help?</legend>
              <button
                type="button"
                class="quiet"
                aria-pressed={s.helpful === true}
                onClick={() => answer(s.id, true)}
              >
                Helpful
              </button>
              <button
                type="button"
                class="quiet"
                aria-pressed={s.helpful === false}
                onClick={() => answer(s.id, false)}
              >
                Not helpful
              </button>
            </fieldset>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      {nudge.level === 'warning' && <SupportList headingLevel={3} />}
      <NudgeDismissal nudge={nudge} onChange={setNudge} />
      <div class="row">
        <button type="button" class="quiet" onClick={onAway}>
          Not now
        </button>
      </div>
    </li>
  );
}
