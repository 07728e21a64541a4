import { useEffect, useState } from 'preact/hooks';
import { api, must } from '../api/client';

type State = 'checking' | 'unsupported' | 'blocked' | 'off' | 'on';

async function registration(): Promise<ServiceWorkerRegistration> {
  return (await navigator.serviceWorker.getRegistration()) ?? navigator.serviceWorker.register('/sw.js');
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Web Push through the app's service worker; the lock screen shows only a neutral line. */
export function Notifications() {
  const [state, setState] = useState<State>('checking');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
        return setState('unsupported');
      if (Notification.permission === 'denied') return setState('blocked');
      const sub = await (await registration()).pushManager.getSubscription();
      setState(sub ? 'on' : 'off');
    })();
  }, []);

  async function turnOn() {
    setMessage(null);
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('blocked');
      const { publicKey } = await must(api.GET('/v1/push/vapid-public-key'));
      const reg = await registration();
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      });
      const json = sub.toJSON();
      const r = await api.POST('/v1/me/push-subscriptions', {
        body: {
          endpoint: json.endpoint ?? '',
          keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
        },
      });
      if (r.response.status === 409) {
        await sub.unsubscribe();
        return setMessage('Notifications need your yes to “Send me private notes” on My data & consent.');
      }
      await must(Promise.resolve(r));
      setState('on');
      setMessage('Notifications are on for this device.');
    } catch {
      setMessage('This device could not turn on notifications. Notes still arrive here in the app.');
    }
  }

  async function turnOff() {
    setMessage(null);
    const sub = await (await registration()).pushManager.getSubscription();
    if (sub) {
      await must(api.DELETE('/v1/me/push-subscriptions', { body: { endpoint: sub.endpoint } }));
      await sub.unsubscribe();
    }
    setState('off');
    setMessage('Notifications are off for this device.');
  }

  return (
    <section aria-labelledby="notif-title">
      <h1 id="notif-title">Notifications</h1>
      <p>
        Get a gentle alert on this device when a new note is ready. The alert says only “You have a new note
        in Respite”; the note itself opens in the app.
      </p>
      <div class="card">
        {state === 'checking' && <p role="status">Checking this device…</p>}
        {state === 'unsupported' && (
          <p>This browser cannot show notifications. Notes still arrive here in the app.</p>
        )}
        {state === 'blocked' && (
          <p>Notifications are blocked for Respite in this browser’s settings. You can allow them there.</p>
        )}
        {state === 'off' && (
          <button type="button" onClick={turnOn}>
            Turn on notifications
          </button>
        )}
        {state === 'on' && (
          <>
            <p>Notifications are on for this device.</p>
            <button type="button" class="quiet" onClick={turnOff}>
              Turn off notifications
            </button>
          </>
        )}
      </div>
      <p role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
