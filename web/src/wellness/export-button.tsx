import { useState } from 'preact/hooks';
import { ApiError, api, must } from '../api/client';

/**
 * Downloads the cohort's series as CSV through the service's export route (the bearer token rides
 * along, so a plain link cannot do it): the same published figures, withheld ones empty.
 */
export function ExportButton({ cohortId, period }: { cohortId: string; period: 'weekly' | 'daily' }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    setProblem(null);
    try {
      const blob = await must(
        api.GET('/v1/trends/export', {
          params: { query: { cohort: cohortId, format: 'csv', period } },
          parseAs: 'blob',
        }),
      );
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob as Blob);
      a.download = `trends-${cohortId.replaceAll(':', '_')}-${period}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'The download did not work. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="row">
      <button type="button" class="quiet" onClick={download} disabled={busy}>
        Download {period} figures (CSV)
      </button>
      {problem && (
        <span class="small" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
