import { decodeReading } from './decode-reading';
import { HOSTILE_CORPUS, HOSTILE_CORPUS_NOW_MS } from './hostile-corpus';

describe('HOSTILE_CORPUS', () => {
  it.each(HOSTILE_CORPUS.map((c) => [c.name, c] as const))('%s is rejected as expected', (_, c) => {
    const r = decodeReading(c.topicKind, c.key, c.value, { nowMs: HOSTILE_CORPUS_NOW_MS });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(c.expectCode);
    if (c.expectPath !== undefined) expect(r.error.path).toBe(c.expectPath);
    if (c.key) expect(r.error.message).not.toContain(c.key);
  });

  it('gives the same verdicts against the wall clock, as integration tests will see them', () => {
    for (const c of HOSTILE_CORPUS) {
      const r = decodeReading(c.topicKind, c.key, c.value, { nowMs: Date.now() });
      expect([c.name, r.ok ? 'ok' : r.error.code]).toEqual([c.name, c.expectCode]);
    }
  });

  it('is deterministic and has unique names', () => {
    const names = HOSTILE_CORPUS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(HOSTILE_CORPUS.every((c) => c.value === null || Buffer.isBuffer(c.value))).toBe(true);
  });

  it('leaves Object.prototype untouched', () => {
    for (const c of HOSTILE_CORPUS)
      decodeReading(c.topicKind, c.key, c.value, { nowMs: HOSTILE_CORPUS_NOW_MS });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
