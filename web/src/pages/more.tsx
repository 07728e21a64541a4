import { NAV_ITEMS } from '../components/layout';

/** On a phone, the pages that do not fit in the bottom bar. */
export function More() {
  return (
    <section>
      <h1>More</h1>
      <ul class="plain stack">
        {NAV_ITEMS.filter((i) => !i.primary).map((i) => (
          <li key={i.href}>
            <a class="card" style={{ display: 'block' }} href={i.href}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
