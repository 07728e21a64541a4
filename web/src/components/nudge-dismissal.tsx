import { useState } from 'preact/hooks';
import { api, must } from '../api/client';
import type { Nudge } from '../api/live';

type Reason = NonNullable<Nudge['dismissal']>['reason'];

/** The person's words for each reason, as a button and as the confirmation that follows. */
const REASONS: { reason: Reason; button: string; noted: string }[] = [
  { reason: 'late-night', button: 'Just a late night', noted: 'just a late night' },
  { reason: 'travel', button: 'Just travel', noted: 'just travel' },
  { reason: 'ill', button: 'I’m unwell', noted: 'you were unwell' },
  // not "Not helpful": the suggestions above have that button, for one suggestion each
  { reason: 'not-helpful', button: 'This note didn’t help', noted: 'this note didn’t help' },
];

/**
 * One optional tap that tells Respite what was going on (issue #20): it learns the person's normal
 * from it. Saved on the server at once, said back in plain words, and undone with one more tap.
 */
export function NudgeDismissal({ nudge, onChange }: { nudge: Nudge; onChange: (n: Nudge) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = REASONS.find((r) => r.reason === nudge.dismissal?.reason);
  const path = { params: { path: { id: nudge.nudgeId } } };

  async function save(reason: Reason | null) {
    if (busy) return; // not `disabled`: a disabled button would drop the keyboard focus
    setBusy(true);
    setError(null);
    try {
      onChange(
        await must(
          reason === null
            ? api.DELETE('/v1/me/nudges/{id}/dismissal', path)
            : api.POST('/v1/me/nudges/{id}/dismissal', { ...path, body: { reason } }),
        ),
      );
    } catch {
      setError('That did not save. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="dismissal">
      <fieldset>
        <legend class="small">
          Was something else going on?{' '}
          <span class="muted">Optional. It helps Respite learn what is normal for you.</span>
        </legend>
        <div class="chips">
          {REASONS.map((r) => (
            <button
              key={r.reason}
              type="button"
              aria-pressed={r === current}
              onClick={() => save(r === current ? null : r.reason)}
            >
              {r.button}
            </button>
          ))}
        </div>
      </fieldset>
      <div class="row dismissal-noted">
        <p class="small" role="status" aria-live="polite">
          {current && `Thanks, noted: ${current.noted}. Respite will keep it in mind.`}
        </p>
        {current && (
          <button type="button" class="quiet small" onClick={() => save(null)}>
            Undo
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
