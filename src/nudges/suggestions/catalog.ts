import { z } from 'zod';
import { type Level, levelSchema, type Signal, signalSchema, wireSuggestionSchema } from '../nudge.schema';
import { CATALOG_DATA } from './catalog.data';

/** Bump when entries are added, removed or materially reworded; nudges carry it for traceability. */
export const CATALOG_VERSION = '2026-11.1';

export const catalogEntrySchema = wireSuggestionSchema.extend({
  suits: z.object({
    signals: z.array(z.union([signalSchema, z.literal('any')])).min(1),
    levels: z.array(levelSchema).min(1),
  }),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.array(catalogEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${e.id}`, path: [i, 'id'] });
    seen.add(e.id);
  });
  if (entries.length < 25) ctx.addIssue({ code: 'custom', message: 'fewer than 25 suggestions', path: [] });
  for (const category of wireSuggestionSchema.shape.category.options) {
    if (!entries.some((e) => e.category === category)) {
      ctx.addIssue({ code: 'custom', message: `no suggestion in category ${category}`, path: [] });
    }
  }
});

/** Parsed once at load, so an editing slip in the data stops the service at start, not mid-delivery. */
export const CATALOG: readonly CatalogEntry[] = Object.freeze(catalogSchema.parse(CATALOG_DATA));

const byId = new Map(CATALOG.map((e) => [e.id, e]));

/** For the feedback endpoint: only ids that exist may update a person's state. */
export function findSuggestion(id: string): CatalogEntry | undefined {
  return byId.get(id);
}

/** An entry fits when it is offered at this level and names one of the drifting signals (or 'any'). */
export function fits(entry: CatalogEntry, signals: ReadonlySet<Signal>, level: Level): boolean {
  if (!entry.suits.levels.includes(level)) return false;
  return entry.suits.signals.some((s) => s === 'any' || signals.has(s));
}
