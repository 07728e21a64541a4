import { appConfig } from '../app-config';

const KIND: Record<string, string> = {
  'peer-support': 'A colleague trained to listen',
  'second-victim': 'Support after a hard event at work',
  'employee-assistance': 'Confidential counselling',
  'balint-schwartz': 'A group to talk about the work',
  crisis: 'Urgent help, any time',
  other: 'Support',
};

/** The organisation's own confidential support, as the deployment configured it. */
export function SupportList({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const contacts = appConfig.value?.supportContacts ?? [];
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="card" aria-labelledby="support-title">
      <H id="support-title">People to talk to</H>
      <p class="muted">Talking to someone helps many people. These are confidential.</p>
      {contacts.length === 0 ? (
        <p>
          Your organisation has not added its support contacts yet. Your manager or occupational health team
          can help.
        </p>
      ) : (
        <ul class="plain stack">
          {contacts.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong>
              <div class="muted small">{KIND[c.kind] ?? KIND.other}</div>
              <div>{c.href ? <a href={c.href}>{c.how}</a> : c.how}</div>
              {c.hours && <div class="small">{c.hours}</div>}
              {c.note && <div class="small muted">{c.note}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
