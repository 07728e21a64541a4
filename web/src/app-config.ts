import { signal } from '@preact/signals';
import { api, must, type Schemas } from './api/client';

export type AppConfig = Schemas['AppConfigDto'];

/** Sign-in settings and the organisation's support contacts, fetched once per visit. */
export const appConfig = signal<AppConfig | null>(null);

export async function loadAppConfig(): Promise<AppConfig> {
  const c = await must(api.GET('/v1/app-config'));
  appConfig.value = c;
  return c;
}
