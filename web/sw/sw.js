// Respite's service worker: the app shell and coping library offline, and Web Push.
// The build writes the list of its files and a version into the two placeholders below.
const PRECACHE = self.__PRECACHE__;
const CACHE = `respite-${self.__VERSION__}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Personal data (/v1) is never cached: it goes to the network or fails. Pages fall back to the
// cached shell, files to their cached copy.
self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (/^\/(v1|health|metrics|docs)(\/|$)/.test(url.pathname)) return;
  if (req.mode === 'navigate') {
    event.respondWith(fetch(req).catch(() => caches.match('/', { cacheName: CACHE })));
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
});

// The push carries only a neutral preview (src/nudges/push.sender.ts); the nudge is read in the app.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = data.title || 'Respite';
  const body = data.body || 'You have a new note in Respite.';
  event.waitUntil(self.registration.showNotification(title, { body, icon: '/icon-192.png', tag: 'respite' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((list) => {
      for (const c of list) if ('focus' in c) return c.navigate('/nudges').then((w) => w?.focus());
      return self.clients.openWindow('/nudges');
    }),
  );
});
