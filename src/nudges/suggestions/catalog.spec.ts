import { categorySchema } from '../nudge.schema';
import { CATALOG, CATALOG_VERSION, catalogSchema, findSuggestion } from './catalog';
import { CATALOG_DATA } from './catalog.data';
import { EVIDENCE_FORBIDDEN, findForbidden } from './plain-language';

describe('coping-suggestion catalog', () => {
  it('is valid: ≥ 25 entries, unique stable ids, every category present', () => {
    expect(catalogSchema.safeParse(CATALOG_DATA).success).toBe(true);
    expect(CATALOG.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
    expect(new Set(CATALOG.map((e) => e.category))).toEqual(new Set(categorySchema.options));
    expect(CATALOG_VERSION).toMatch(/^\d{4}-\d{2}\.\d+$/);
  });

  it('the schema rejects a duplicate id, a missing category and a short catalog', () => {
    const dup = catalogSchema.safeParse([...CATALOG_DATA, CATALOG_DATA[0]]);
    expect(dup.success).toBe(false);
    expect(JSON.stringify(dup.error?.issues)).toContain('duplicate id');
    const noSleep = catalogSchema.safeParse(CATALOG_DATA.filter((e) => e.category !== 'sleep'));
    expect(JSON.stringify(noSleep.error?.issues)).toContain('no suggestion in category sleep');
    expect(catalogSchema.safeParse(CATALOG_DATA.slice(0, 10)).success).toBe(false);
  });

  it.each(CATALOG.map((e) => [e.id, e] as const))('%s: plain, non-diagnostic copy', (_id, e) => {
    expect(findForbidden(`${e.title} ${e.text}`)).toEqual([]);
    expect(findForbidden(e.evidence, EVIDENCE_FORBIDDEN)).toEqual([]);
    expect(e.text.length).toBeLessThanOrEqual(200);
    expect(e.text).toMatch(/\byou|\byour|^[A-Z]/);
  });

  it('offers something for every signal and level', () => {
    for (const signal of ['hrv', 'rhr', 'sleep'] as const) {
      expect(CATALOG.some((e) => e.category === 'sleep' && e.suits.signals.includes(signal))).toBe(
        signal === 'sleep' || signal === 'rhr',
      );
    }
    expect(
      CATALOG.filter((e) => e.category === 'professional-support').every((e) =>
        e.suits.levels.includes('warning'),
      ),
    ).toBe(true);
    expect(findSuggestion('reset-90s')?.minutes).toBe(2);
    expect(findSuggestion('no-such-thing')).toBeUndefined();
  });
});
