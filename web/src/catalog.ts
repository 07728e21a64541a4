import { api, must, type Schemas } from './api/client';

export type Suggestion = Schemas['SuggestionEntryDto'];

const KEY = 'respite.catalog';

/** The coping library; the last copy is kept on the device so the library opens offline. */
export async function loadCatalog(): Promise<Suggestion[]> {
  try {
    const c = await must(api.GET('/v1/suggestions'));
    localStorage.setItem(KEY, JSON.stringify(c.suggestions));
    return c.suggestions;
  } catch (err) {
    const kept = localStorage.getItem(KEY);
    if (kept) return JSON.parse(kept) as Suggestion[];
    throw err;
  }
}

export const CATEGORY: Record<string, string> = {
  'micro-recovery': 'Short reset',
  transition: 'End of shift',
  sleep: 'Sleep',
  'self-compassion': 'Being kind to yourself',
  'peer-support': 'Talking with colleagues',
  'professional-support': 'Professional support',
  'time-back': 'Time back',
  workload: 'Workload',
};
