import { useState } from 'preact/hooks';
import { CATEGORY, loadCatalog, type Suggestion } from '../catalog';
import { BreathingTimer, EXERCISES } from '../components/breathing-timer';
import { SupportList } from '../components/support-list';
import { useApi } from '../use-api';

const MINUTES = [
  { key: 'any', label: 'Any length', fits: () => true },
  { key: '2', label: '2 minutes or less', fits: (m: number) => m <= 2 },
  { key: '5', label: '5 minutes or less', fits: (m: number) => m <= 5 },
  { key: 'long', label: 'Longer', fits: (m: number) => m > 5 },
];

/** Every coping suggestion, any time; the two short breathing exercises have a guided timer. */
export function Library() {
  const catalog = useApi(loadCatalog);
  const [minutes, setMinutes] = useState('any');
  const [kind, setKind] = useState<string | null>(null);
  const fits = MINUTES.find((m) => m.key === minutes)!.fits;
  const shown = (catalog.data ?? []).filter((s) => fits(s.minutes) && (!kind || s.category === kind));

  return (
    <section aria-labelledby="lib-title">
      <h1 id="lib-title">Coping library</h1>
      <p class="muted">
        Small things that help many people. Use them whenever you like. Rather talk to someone?{' '}
        <a href="/people">People to talk to</a>
      </p>
      <fieldset>
        <legend>How much time do you have?</legend>
        <div class="chips">
          {MINUTES.map((m) => (
            <button
              key={m.key}
              type="button"
              aria-pressed={minutes === m.key}
              onClick={() => setMinutes(m.key)}
            >
              {m.label}
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>What kind?</legend>
        <div class="chips">
          <button type="button" aria-pressed={kind === null} onClick={() => setKind(null)}>
            All kinds
          </button>
          {Object.entries(CATEGORY).map(([key, label]) => (
            <button key={key} type="button" aria-pressed={kind === key} onClick={() => setKind(key)}>
              {label}
            </button>
          ))}
        </div>
      </fieldset>
      {catalog.loading && <p role="status">Loading…</p>}
      {catalog.error && (
        <p class="card mark">The library could not load. Please try again once this device is online.</p>
      )}
      <p class="sr-only" aria-live="polite">
        {catalog.data ? `${shown.length} suggestions shown` : ''}
      </p>
      <ul class="plain cards">
        {shown.map((s) => (
          <SuggestionCard key={s.id} s={s} />
        ))}
      </ul>
      {catalog.data && shown.length === 0 && <p>Nothing matches both choices. Try another length or kind.</p>}
      <SupportList />
    </section>
  );
}

function SuggestionCard({ s }: { s: Suggestion }) {
  const [open, setOpen] = useState(false);
  const guided = s.id in EXERCISES;
  return (
    <li class="card">
      <h2>{s.title}</h2>
      <p class="small muted">
        {s.minutes} min · {CATEGORY[s.category] ?? s.category}
      </p>
      <p>{s.text}</p>
      <details>
        <summary>What research says</summary>
        <p class="small">{s.evidence}</p>
      </details>
      {guided &&
        (open ? (
          <BreathingTimer id={s.id} />
        ) : (
          <button type="button" class="quiet" onClick={() => setOpen(true)}>
            Guide me through it
          </button>
        ))}
    </li>
  );
}
