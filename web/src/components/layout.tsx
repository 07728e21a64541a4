import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { session } from '../auth/session';

interface Item {
  href: string;
  label: string;
  icon: string;
  /** shown in the phone's bottom bar; the rest are under "More" there */
  primary: boolean;
}

// simple line icons (24×24 paths), inline so nothing is fetched
const ITEMS: Item[] = [
  { href: '/', label: 'Today', icon: 'M4 11l8-7 8 7v9h-5v-6H9v6H4z', primary: true },
  { href: '/signals', label: 'My signals', icon: 'M3 17l5-6 4 4 5-8 4 5', primary: true },
  { href: '/nudges', label: 'Nudges', icon: 'M5 5h14v10H9l-4 4z', primary: true },
  { href: '/library', label: 'Coping library', icon: 'M5 4h5v16H5zM12 4h3l4 16h-3z', primary: true },
  { href: '/check-in', label: 'Check-in', icon: 'M5 12l4 4 10-10', primary: false },
  {
    href: '/people',
    label: 'People to talk to',
    icon: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3 2-5 5-5s5 2 5 5M16 11a3 3 0 1 0 0-6M18 15c2 1 3 3 3 5',
    primary: false,
  },
  {
    href: '/my-data',
    label: 'My data & consent',
    icon: 'M12 3l7 3v6c0 4-3 7-7 9-4-2-7-5-7-9V6z',
    primary: false,
  },
  {
    href: '/notifications',
    label: 'Notifications',
    icon: 'M6 17V11a6 6 0 0 1 12 0v6l2 2H4zM10 21h4',
    primary: false,
  },
  { href: '/more', label: 'More', icon: 'M5 12h.01M12 12h.01M19 12h.01', primary: true },
];

function Icon({ d }: { d: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // after a page change, move focus to the new page so screen readers hear where they are
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          <img src="/icon.svg" alt="" width="28" height="28" />
          Respite
        </a>
        <button type="button" class="quiet" onClick={() => session.signOut()}>
          Sign out
        </button>
      </header>
      <nav class="nav" aria-label="Main">
        <ul>
          {ITEMS.map((i) => (
            <li key={i.href} class={i.href === '/more' ? 'more' : i.primary ? '' : 'extra'}>
              <a href={i.href} aria-current={path === i.href ? 'page' : undefined}>
                <Icon d={i.icon} />
                <span>{i.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export const NAV_ITEMS = ITEMS;
