import { api, must } from '../api/client';
import { useApi } from '../use-api';

/** The first page: one calm sentence about where things stand, and the next useful step. */
export function Today() {
  const consent = useApi(async () => {
    const r = await api.GET('/v1/me/consent');
    return r.response.status === 404 ? null : must(Promise.resolve(r));
  });
  const nudges = useApi(() => must(api.GET('/v1/me/nudges')));

  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">Today</h1>
      {consent.loading || nudges.loading ? (
        <p role="status">Loading…</p>
      ) : consent.data?.status !== 'granted' ? (
        <div class="card soft">
          <h2>Respite is not reading your signals</h2>
          <p>You decide what Respite may do. Nothing is read until you say yes.</p>
          <a class="button" href="/my-data">
            Choose what to share
          </a>
        </div>
      ) : (nudges.data?.length ?? 0) > 0 ? (
        <div class="card mark">
          <h2>A note is waiting for you</h2>
          <p>Some of your signals have been off your usual range for a few nights.</p>
          <a class="button" href="/nudges">
            Read it
          </a>
        </div>
      ) : (
        <div class="card soft">
          <h2>Nothing needs your attention</h2>
          <p>Your signals are within your usual range, as far as Respite can tell.</p>
        </div>
      )}
      <div class="card">
        <h2>Need a moment?</h2>
        <p>A short reset works any time, not only after a note.</p>
        <a class="button quiet" href="/library">
          Open the coping library
        </a>
      </div>
    </section>
  );
}
