import { useState } from 'preact/hooks';
import { ApiError, api, must } from '../api/client';
import { session } from '../auth/session';
import { useApi } from '../use-api';
import { ExportButton } from './export-button';
import {
  CONTRIBUTORS,
  type CohortView,
  type Dashboard,
  figureOf,
  formatFigure,
  METRIC_VIEWS,
  periodName,
  type Slot,
} from './metrics';
import { TeamActions } from './team-actions';
import { TrendChart } from './trend-chart';
import './wellness.css';

type Kind = 'weekly' | 'daily';

/** The wellness team's dashboard (issue #17): aggregate trends of the cohorts in the token's claim. */
export function TeamPage() {
  const dash = useApi(() => must(api.GET('/v1/trends/dashboard')));
  return (
    <div class="team-shell">
      <header class="top team-top">
        <span class="brand">
          <img src="/icon.svg" alt="" width="28" height="28" />
          Respite · Team trends
        </span>
        <button type="button" class="quiet" onClick={() => session.signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" class="team-main">
        {dash.loading && !dash.data ? (
          <p role="status">Loading the team trends…</p>
        ) : dash.error ? (
          <Problem error={dash.error} />
        ) : (
          <Overview d={dash.data!} />
        )}
      </main>
    </div>
  );
}

function Problem({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <section class="card soft">
        <h1>This page is for wellness teams</h1>
        <p>
          You are signed in to your own Respite. Team trends are only for the wellness team, and they never
          show anyone’s own data, yours included.
        </p>
        <p>
          <a class="button" href="/">
            Go to your own page
          </a>
        </p>
      </section>
    );
  }
  return (
    <p class="card mark" role="alert">
      {error.message}
    </p>
  );
}

function Overview({ d }: { d: Dashboard }) {
  return (
    <>
      <h1>Team trends</h1>
      <p class="lead">
        Figures come from groups of at least {d.k} people who agreed to share. No one person can be seen here:
        a period with fewer than {d.k} people is left empty, never shown as zero.
      </p>
      {d.cohorts.length === 0 && <p class="card soft">Your sign-in does not name any team yet.</p>}
      {d.cohorts.length > 1 && (
        <nav aria-label="Teams" class="row small">
          {d.cohorts.map((c) => (
            <a key={c.cohortId} href={`#team-${c.cohortId}`}>
              {c.cohortId}
            </a>
          ))}
        </nav>
      )}
      {d.cohorts.map((c) => (
        <Cohort key={c.cohortId} c={c} d={d} />
      ))}
    </>
  );
}

function Noise({ c }: { c: CohortView }) {
  if (!c.noise) {
    return (
      <p class="small muted">
        No random noise is added: figures are exact, and only published for {'≥'} k people.
      </p>
    );
  }
  const { epsilon, scale } = c.noise;
  const pts = (x: number) => `${Math.round(x * 100)} points`;
  return (
    <p class="small card">
      <strong>Noise is on.</strong> Each figure has random noise added for privacy (ε = {epsilon} per period).
      Its typical size is about ±{pts(scale.shareOutsideNormal)} on a share, ±
      {scale.sleepHoursMedian.toFixed(1)} h on sleep (values are kept within plausible limits). Read small
      changes as no change.
    </p>
  );
}

/** One line for a lead between meetings: the latest published figures in words. */
function glance(s: Slot): string {
  const parts = METRIC_VIEWS.flatMap((m) => {
    const v = figureOf(m, s);
    return m.glance && v !== null ? [m.glance(formatFigure(m, v))] : [];
  });
  const text = parts.join(' · ');
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : '';
}

function Cohort({ c, d }: { c: CohortView; d: Dashboard }) {
  const [kind, setKind] = useState<Kind>('weekly');
  const slots = kind === 'weekly' ? c.weekly : c.daily;
  const published = slots.filter((s) => s.published);
  const anyPublished = c.weekly.some((s) => s.published) || c.daily.some((s) => s.published);
  const latest = published.at(-1);
  const shown = METRIC_VIEWS.filter((m) => slots.some((s) => figureOf(m, s) !== null));
  const never = METRIC_VIEWS.filter((m) => !shown.includes(m));

  return (
    <section class="team" id={`team-${c.cohortId}`} aria-labelledby={`h-${c.cohortId}`}>
      <h2 id={`h-${c.cohortId}`}>{c.cohortId}</h2>
      {!anyPublished ? (
        <div class="card gap-card">
          <p>
            <strong>Not published: fewer than {d.k} people.</strong> Nothing has been published for this team
            in the last {c.weekly.length} weeks: fewer than {d.k} people shared data, or the figures were held
            back so that no one could be singled out. Figures appear once at least {d.k} people take part.
          </p>
        </div>
      ) : (
        <>
          <p class="glance">
            {latest ? (
              <>
                <strong>
                  Latest {kind === 'weekly' ? 'week' : 'night'} with figures: {periodName(latest)}, from{' '}
                  {latest.contributors} people.
                </strong>{' '}
                {glance(latest)}
              </>
            ) : (
              `No ${kind} figures were published in this range.`
            )}
          </p>
          <TeamActions cohort={c} rule={d.rule} />
          <Noise c={c} />
          <fieldset class="row period-switch">
            <legend class="sr-only">Show periods</legend>
            {(['weekly', 'daily'] as const).map((k) => (
              <button
                key={k}
                type="button"
                class={k === kind ? '' : 'quiet'}
                aria-pressed={k === kind}
                onClick={() => setKind(k)}
              >
                {k === 'weekly' ? `By week (${c.weekly.length})` : `By night (${c.daily.length})`}
              </button>
            ))}
          </fieldset>
          <div class="team-grid">
            {shown.map((m) => (
              <TrendChart key={`${kind}-${m.name}`} metric={m} slots={slots} k={d.k} />
            ))}
            <TrendChart key={`${kind}-contributors`} metric={CONTRIBUTORS} slots={slots} k={d.k} />
          </div>
          {never.length > 0 && (
            <p class="small muted">
              Not published in this range: {never.map((m) => m.title).join('; ')} (fewer than {d.k} people
              with that figure, or held back for privacy).
            </p>
          )}
          <ExportButton cohortId={c.cohortId} period={kind} />
        </>
      )}
    </section>
  );
}
