import { signal } from '@preact/signals';
import { api, must, type Schemas } from './api/client';

export type AppConfig = Schemas['AppConfigDto'];

/** Sign-in settings and the organisation's support contacts: in the page as served, else fetched. */
export const appConfig = signal<AppConfig | null>(null);

export async function loadAppConfig(): Promise<AppConfig> {
  const inPage = document.getElementById('respite-config')?.textContent;
  const c = inPage ? (JSON.parse(inPage) as AppConfig) : await must(api.GET('/v1/app-config'));
  appConfig.value = c;
  return c;
}
