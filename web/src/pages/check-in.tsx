import { useState } from 'preact/hooks';
import { ApiError, api, must } from '../api/client';
import { grant, loadConsent } from '../consent';
import { useApi } from '../use-api';

const STRESS = ['Calm', 'A little tense', 'Somewhat stressed', 'Stressed', 'Very stressed'];
const SLEEP = ['Poorly', 'Not well', 'Okay', 'Well', 'Very well'];

function Scale({
  name,
  legend,
  words,
  value,
  set,
}: {
  name: string;
  legend: string;
  words: string[];
  value: number | null;
  set: (n: number) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div class="scale">
        {words.map((w, i) => (
          <label key={w} class="scale-option">
            <input
              type="radio"
              name={name}
              value={i + 1}
              checked={value === i + 1}
              onChange={() => set(i + 1)}
            />
            <span>
              {i + 1} · {w}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A few seconds: two answers on 1–5, no free text. Kept only with the self-report scope. */
export function CheckIn() {
  const consent = useApi(loadConsent);
  const history = useApi(() => must(api.GET('/v1/me/check-ins', { params: { query: { days: 14 } } })));
  const [stress, setStress] = useState<number | null>(null);
  const [sleep, setSleep] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = consent.data?.status === 'granted' && consent.data.scopes.includes('self-report');

  async function save(e: Event) {
    e.preventDefault();
    if (stress === null || sleep === null) return setMessage('Please answer both questions.');
    setBusy(true);
    try {
      await must(api.POST('/v1/me/check-ins', { body: { stress, sleepQuality: sleep } }));
      setMessage('Saved. Thank you for checking in.');
      setStress(null);
      setSleep(null);
      history.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'That did not save. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  async function allow() {
    const c = consent.data;
    if (!c) return;
    await grant([...c.scopes, 'self-report'], c);
    consent.reload();
  }

  return (
    <section aria-labelledby="checkin-title">
      <h1 id="checkin-title">Check-in</h1>
      <p class="muted">Two quick questions. Only you see the answers.</p>
      {allowed && (
        <p class="small muted">
          They also help Respite learn what is normal for you, so its notes fit you better.
        </p>
      )}
      {consent.loading ? (
        <p role="status">Loading…</p>
      ) : !allowed ? (
        <div class="card soft">
          <p>To keep your check-ins, Respite needs your yes to “Keep my check-ins”.</p>
          {consent.data?.status === 'granted' ? (
            <button type="button" onClick={allow}>
              Yes, keep my check-ins
            </button>
          ) : (
            <a class="button" href="/my-data">
              Choose what to share
            </a>
          )}
        </div>
      ) : (
        <form class="card" onSubmit={save}>
          <Scale
            name="stress"
            legend="How stressed do you feel today?"
            words={STRESS}
            value={stress}
            set={setStress}
          />
          <Scale
            name="sleep"
            legend="How did you sleep last night?"
            words={SLEEP}
            value={sleep}
            set={setSleep}
          />
          <button type="submit" disabled={busy}>
            Save check-in
          </button>
        </form>
      )}
      <p role="status" aria-live="polite">
        {message}
      </p>
      {(history.data?.length ?? 0) > 0 && (
        <div class="card">
          <h2>Your last two weeks</h2>
          <ul class="plain small">
            {[...(history.data ?? [])].reverse().map((c) => (
              <li key={c.at}>
                {new Date(c.at).toLocaleDateString(undefined, {
                  weekday: 'short',
                  day: 'numeric',
                  month: 'short',
                })}
                : stress {c.stress} of 5, sleep {c.sleepQuality} of 5
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
