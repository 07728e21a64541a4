import type { CohortView, Dashboard } from './metrics';

/** Organisation-level actions when the team rule holds; a quiet line when it does not. */
export function TeamActions({ cohort, rule }: { cohort: CohortView; rule: Dashboard['rule'] }) {
  const { team } = cohort;
  if (!team.triggered) {
    return (
      <p class="small muted">
        No team-level pattern right now: {team.highWeeks} of the last {team.ofWeeks} weeks had{' '}
        {Math.round(rule.threshold * 100)}% or more outside their normal range.
      </p>
    );
  }
  return (
    <section class="card soft team-actions" aria-labelledby={`actions-${cohort.cohortId}`}>
      <h3 id={`actions-${cohort.cohortId}`}>Ideas for the team</h3>
      <p>
        In {team.highWeeks} of the last {team.ofWeeks} weeks, {Math.round(rule.threshold * 100)}% or more of
        this team were outside their own normal range. That is a signal about workload and conditions, not
        about anyone in particular. Changes that have helped teams:
      </p>
      <ul class="actions">
        {team.actions.map((a) => (
          <li key={a.id}>
            <strong>{a.title}.</strong> {a.text}
            <details>
              <summary class="small">Why this, and sources</summary>
              <p class="small">{a.evidence}</p>
              <ul class="small sources">
                {a.sources.map((s) => (
                  <li key={s.url}>
                    <a href={s.url} rel="noopener noreferrer" target="_blank">
                      {s.citation}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
      <p class="small muted">{rule.text}</p>
    </section>
  );
}
