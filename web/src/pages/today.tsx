import { api, must } from '../api/client';
import { loadConsent } from '../consent';
import { outlook } from '../signals-summary';
import { useApi } from '../use-api';

const WEEK_MS = 7 * 86_400_000;

function list(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The first page: one calm sentence about where things stand, and the next useful step. */
export function Today() {
  const consent = useApi(loadConsent);
  const nudges = useApi(() => must(api.GET('/v1/me/nudges')));
  const nights = useApi(() => must(api.GET('/v1/me/nights', { params: { query: { days: 14 } } })));
  const loading = consent.loading || nudges.loading || nights.loading;
  const recentNudge = (nudges.data ?? []).some((n) => Date.now() - Date.parse(n.deliveredAt) < WEEK_MS);
  const view = outlook(nights.data?.nights ?? []);

  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">Today</h1>
      {loading ? (
        <p role="status">Loading…</p>
      ) : consent.data?.status !== 'granted' ? (
        <div class="card soft">
          <h2>Respite is not reading your signals</h2>
          <p>You decide what Respite may do. Nothing is read until you say yes.</p>
          <a class="button" href="/my-data">
            Choose what to share
          </a>
        </div>
      ) : recentNudge ? (
        <div class="card mark">
          <h2>A note is waiting for you</h2>
          <p>
            Some of your signals have been off your usual range for a few nights. The note has ideas that may
            help.
          </p>
          <a class="button" href="/nudges">
            Read it
          </a>
        </div>
      ) : view.state === 'off' ? (
        <div class="card soft">
          <h2>Some signals are off your usual range</h2>
          <p>
            Your {list(view.signals)} {view.signals.length === 1 ? 'has' : 'have'} been off your usual range
            for a few nights. That happens for many reasons: shifts, travel, a cold, a late night.
          </p>
          <a class="button quiet" href="/signals">
            See my signals
          </a>
        </div>
      ) : view.state === 'within' ? (
        <div class="card soft">
          <h2>Within your usual range</h2>
          <p>Your last nights look like your usual, as far as Respite can tell.</p>
          <a class="button quiet" href="/signals">
            See my signals
          </a>
        </div>
      ) : (
        <div class="card soft">
          <h2>Learning your usual range</h2>
          <p>Respite needs about two weeks of nights before it can compare them with your usual.</p>
        </div>
      )}
      <div class="card">
        <h2>Need a moment?</h2>
        <p>A short reset works any time, not only after a note.</p>
        <a class="button quiet" href="/library">
          Open the coping library
        </a>
      </div>
      <div class="card">
        <h2>How are you today?</h2>
        <p>Two quick questions, a few seconds. Only you see the answers.</p>
        <a class="button quiet" href="/check-in">
          Check in
        </a>
      </div>
    </section>
  );
}
