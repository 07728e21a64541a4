import { api, must } from '../api/client';
import { type SignalSpec, SignalsChart } from '../components/signals-chart';
import { useApi } from '../use-api';

const BAND = 'The shaded area is your usual range, from your own nights over the last two months.';

const SPECS: SignalSpec[] = [
  {
    title: 'Heart-rate variability',
    unit: 'ms',
    value: (n) => n.hrvMs,
    band: (n) => n.hrvBand,
    digits: 0,
    explain: `${BAND} Higher usually means more rested.`,
  },
  {
    title: 'Resting heart rate',
    unit: 'bpm',
    value: (n) => n.rhrBpm,
    band: (n) => n.rhrBand,
    digits: 0,
    explain: `${BAND} Lower usually means more rested.`,
  },
  {
    title: 'Sleep',
    unit: 'hours',
    value: (n) => n.sleepH,
    band: (n) => n.sleepBand,
    digits: 1,
    explain: `${BAND} Most adults need 7 hours or more.`,
  },
];

/** The last 60 nights of each signal against the person's own band. */
export function Signals() {
  const nights = useApi(() => must(api.GET('/v1/me/nights', { params: { query: { days: 60 } } })));
  const list = nights.data?.nights ?? [];
  return (
    <section aria-labelledby="signals-title">
      <h1 id="signals-title">My signals</h1>
      <p class="muted">
        Your last 60 nights, each compared with your own usual range, not with anyone else. Nights that led to
        a note have a ring. This is not a medical test.
      </p>
      {nights.loading && <p role="status">Loading…</p>}
      {nights.error && <p class="card mark">Your nights could not load. Please try again in a moment.</p>}
      {nights.data && list.length === 0 && (
        <p class="card soft">No nights yet. Once your wearable syncs, your nights appear here.</p>
      )}
      {list.length > 0 && SPECS.map((s) => <SignalsChart key={s.title} spec={s} nights={list} />)}
    </section>
  );
}
