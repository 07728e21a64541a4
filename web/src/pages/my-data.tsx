import { useRef, useState } from 'preact/hooks';
import { api, must } from '../api/client';
import { appConfig } from '../app-config';
import { type Consent, type Erasure, grant, loadConsentOrErasure, SCOPE_WORDS, type Scope } from '../consent';
import { useApi } from '../use-api';

const ORDER: Scope[] = ['ingest', 'early-warning', 'self-report', 'aggregate-trends'];

/** Consent, pause, withdraw, erase and download: each one tap away, each saying what it does. */
/** What to tell the person once an action succeeded: fixed, or read from the answer. */
type Done = string | ((answer: unknown) => string);

export function MyData() {
  const state = useApi(loadConsentOrErasure);
  const [message, setMessage] = useState<string | null>(null);
  const record = state.data && 'scopes' in state.data ? state.data : null;
  const erasure = state.data && !('scopes' in state.data) ? state.data : null;
  const granted = record?.status === 'granted' ? record : null;
  const consent = { ...state, data: record };

  async function run(what: () => Promise<unknown>, done: Done) {
    setMessage(null);
    try {
      const answer = await what();
      setMessage(typeof done === 'string' ? done : done(answer));
      consent.reload();
    } catch (err) {
      setMessage(err instanceof Error ? err.message : 'That did not work. Please try again.');
    }
  }

  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title">My data &amp; consent</h1>
      <p class="muted">You decide what Respite may do. You can change your mind at any time.</p>
      <p role="status" aria-live="polite" class={message ? 'card soft' : ''}>
        {message}
      </p>
      {erasure && <ErasureReceipt e={erasure} />}
      {consent.loading ? (
        <p role="status">Loading…</p>
      ) : (
        <ConsentPanel key={JSON.stringify(consent.data)} consent={consent.data ?? null} run={run} />
      )}
      {granted && (
        <div class="card">
          <h2>Pause notes</h2>
          {granted.scopes.includes('early-warning') ? (
            <>
              <p>
                Stop private notes for now. Your signals are still read, so your usual range stays up to date.
              </p>
              <button
                type="button"
                class="quiet"
                onClick={() =>
                  run(
                    () =>
                      grant(
                        granted.scopes.filter((s) => s !== 'early-warning'),
                        granted,
                      ),
                    'Notes are paused. Turn them back on here whenever you like.',
                  )
                }
              >
                Pause notes
              </button>
            </>
          ) : (
            <>
              <p>Notes are paused.</p>
              <button
                type="button"
                class="quiet"
                onClick={() =>
                  run(() => grant([...granted.scopes, 'early-warning'], granted), 'Notes are on again.')
                }
              >
                Turn notes back on
              </button>
            </>
          )}
        </div>
      )}
      {granted && <QuietHours key={granted.quietHours} consent={granted} run={run} />}
      <div class="card">
        <h2>Download my data</h2>
        <p>Everything Respite holds about you, in one file (JSON) you can keep or take elsewhere.</p>
        <button type="button" class="quiet" onClick={() => run(download, 'Your data was downloaded.')}>
          Download my data
        </button>
      </div>
      {granted && (
        <div class="card">
          <h2>Stop</h2>
          <p>
            Respite stops reading your signals and sending notes at once. What is stored stays until you erase
            it.
          </p>
          <button
            type="button"
            class="danger"
            onClick={() =>
              run(() => must(api.DELETE('/v1/me/consent')), 'Respite has stopped. Nothing new is read.')
            }
          >
            Stop everything
          </button>
        </div>
      )}
      <EraseCard run={run} />
    </section>
  );
}

/** The person's own quiet hours: notes made then wait until they end. */
function QuietHours({
  consent,
  run,
}: {
  consent: Consent;
  run: (what: () => Promise<unknown>, done: Done) => Promise<void>;
}) {
  const current = consent.quietHours ?? appConfig.value?.quietHours ?? '21:00-07:30';
  const [from, setFrom] = useState(current.slice(0, 5));
  const [until, setUntil] = useState(current.slice(6));
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          () => grant(consent.scopes, consent, `${from}-${until}`),
          `Quiet hours are ${from} to ${until}.`,
        );
      }}
    >
      <h2>Quiet hours</h2>
      <p>
        Notes that come during these hours wait until they end. Times are in your time zone (
        {consent.timeZone ?? 'not set'}).
      </p>
      <div class="row">
        <label>
          From <input type="time" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          Until <input type="time" required value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
      </div>
      <button type="submit" class="quiet" disabled={`${from}-${until}` === current}>
        Save quiet hours
      </button>
    </form>
  );
}

const MEASUREMENT_WORDS: Record<string, string> = {
  hrv: 'heart-rate readings',
  sleep: 'sleep sessions',
  daily: 'nightly summaries',
  checkin: 'check-ins',
};

/** After an erasure: when, and how much went (the receipt keeps counts only, never content). */
function ErasureReceipt({ e }: { e: Erasure }) {
  const when = (iso: string) =>
    new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
  const counts = Object.entries(e.erased?.points ?? {}).filter(([, n]) => n > 0);
  return (
    <div class="card soft">
      <h2>{e.status === 'erased' ? 'Your data was erased' : 'Your data is being erased'}</h2>
      <p>
        You asked on {when(e.at)}.{e.erasedAt ? ` It was done on ${when(e.erasedAt)}.` : ''}
      </p>
      {counts.length > 0 && (
        <p class="small">
          Deleted: {counts.map(([m, n]) => `${n} ${MEASUREMENT_WORDS[m] ?? m}`).join(', ')}
          {e.erased?.inbox ? ', your notes and answers' : ''}
          {e.erased?.warningState ? ', your usual range' : ''}.
        </p>
      )}
    </div>
  );
}

function ConsentPanel({
  consent,
  run,
}: {
  consent: Consent | null;
  run: (what: () => Promise<unknown>, done: Done) => Promise<void>;
}) {
  const current = consent?.status === 'granted' ? consent.scopes : [];
  const [chosen, setChosen] = useState<Scope[]>(current);
  const toggle = (s: Scope) => setChosen((c) => (c.includes(s) ? c.filter((x) => x !== s) : [...c, s]));
  const changed = chosen.length !== current.length || chosen.some((s) => !current.includes(s));

  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen.length > 0)
          void run(
            () =>
              grant(
                ORDER.filter((s) => chosen.includes(s)),
                consent,
              ),
            'Your choices are saved.',
          );
      }}
    >
      <h2>What Respite may do</h2>
      <p class="small muted">
        {consent?.status === 'granted'
          ? 'You said yes to the ticked items.'
          : consent?.status === 'revoked'
            ? 'Respite has stopped. To start again, tick each thing you agree to.'
            : 'Nothing yet. Tick each thing you agree to.'}
      </p>
      <ul class="plain stack">
        {ORDER.map((s) => (
          <li key={s}>
            <label class="check">
              <input type="checkbox" checked={chosen.includes(s)} onChange={() => toggle(s)} />
              <span>
                {SCOPE_WORDS[s].title}
                <span class="muted small block">{SCOPE_WORDS[s].text}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <button type="submit" disabled={!changed || chosen.length === 0}>
        Save my choices
      </button>
      {chosen.length === 0 && current.length > 0 && (
        <p class="small">To stop everything, use “Stop everything” below.</p>
      )}
    </form>
  );
}

function EraseCard({ run }: { run: (what: () => Promise<unknown>, done: Done) => Promise<void> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <div class="card">
      <h2>Erase my data</h2>
      <p>Delete everything Respite holds about you. This cannot be undone.</p>
      <button type="button" class="danger" onClick={() => dialog.current?.showModal()}>
        Erase my data…
      </button>
      <dialog ref={dialog} aria-labelledby="erase-title">
        <h2 id="erase-title">Erase everything?</h2>
        <p>This deletes, for good:</p>
        <ul>
          <li>every reading from your wearable, and your nightly summaries</li>
          <li>your usual range and the notes you were sent, with your answers</li>
          <li>your check-ins</li>
          <li>the devices you chose for notifications</li>
          <li>your consent record</li>
        </ul>
        <p class="small muted">Group figures already published stay: they hold no one’s own data.</p>
        <div class="row">
          <button
            type="button"
            class="danger"
            onClick={() => {
              dialog.current?.close();
              void run(
                () => must(api.DELETE('/v1/me/consent', { params: { query: { erase: 'true' } } })),
                // a 202: accepted, still under way (the receipt on this page says when it is done)
                (answer: unknown) =>
                  (answer as { status?: string } | undefined)?.status === 'erasing'
                    ? 'Your data is being erased. This page will show when it is done.'
                    : 'Everything is erased.',
              );
            }}
          >
            Yes, erase everything
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Keep my data
          </button>
        </div>
      </dialog>
    </div>
  );
}

async function download(): Promise<void> {
  const data = await must(api.GET('/v1/me/export'));
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'respite-my-data.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
