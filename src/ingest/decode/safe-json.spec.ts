import { maxNestingDepth, parseSafeJson } from './safe-json';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseSafeJson', () => {
  it('parses a plain object', () => {
    expect(parseSafeJson(bytes('{"a":[1,{"b":"c"}],"d":null}'))).toEqual({
      ok: true,
      value: { a: [1, { b: 'c' }], d: null },
    });
  });

  it('rejects values over maxBytes before parsing', () => {
    const r = parseSafeJson(bytes(`{"a":"${'x'.repeat(100)}"}`), { maxBytes: 50 });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'TOO_LARGE', path: '' }) });
    expect(parseSafeJson(Buffer.alloc(256 * 1024 + 1, 0x20)).ok).toBe(false);
  });

  it.each([
    ['truncated', '{"a":[1,2'],
    ['trailing garbage', '{"a":1} x'],
    ['single quotes', "{'a':1}"],
    ['empty', ''],
  ])('rejects malformed JSON (%s)', (_, text) => {
    expect(parseSafeJson(bytes(text))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'MALFORMED_JSON', path: '' }),
    });
  });

  it('rejects invalid UTF-8 instead of replacing it', () => {
    const r = parseSafeJson(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
    expect(r.ok || r.error.code).toBe('MALFORMED_JSON');
  });

  it('rejects nesting deeper than 8 without recursing', () => {
    const ok = `${'['.repeat(8)}${']'.repeat(8)}`;
    expect(parseSafeJson(bytes(ok)).ok).toBe(true);
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseSafeJson(bytes(bomb))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NESTING_TOO_DEEP', path: '' }),
    });
    expect(parseSafeJson(bytes('['.repeat(100_000))).ok).toBe(false);
  });

  it('counts only brackets outside strings, honouring escapes', () => {
    expect(maxNestingDepth(bytes('{"a":"[[[[{{{{","b":"\\"[[["}'))).toBe(1);
    expect(maxNestingDepth(bytes('[{"k":"\\\\"},[[]]]'))).toBe(3);
    expect(maxNestingDepth(bytes('{"ü[":["ÿ{"]}'))).toBe(2);
  });

  it.each([
    ['{"__proto__":{"polluted":1}}', '__proto__'],
    ['{"a":{"constructor":{"prototype":1}}}', 'a.constructor'],
    ['{"a":[0,{"prototype":1}]}', 'a[1].prototype'],
    ['{"\\u005f_proto__":1}', '__proto__'],
  ])('rejects forbidden key in %s', (text, path) => {
    expect(parseSafeJson(bytes(text))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'FORBIDDEN_KEY', path }),
    });
  });

  it('cannot pollute Object.prototype', () => {
    parseSafeJson(bytes('{"__proto__":{"polluted":1}}'));
    parseSafeJson(bytes('{"a":{"__proto__":{"polluted":1}}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each([
    ['{"rmssdMs":1e999}', 'rmssdMs'],
    ['{"rr":[800,-1e999]}', 'rr[1]'],
    ['{"a":{"b":123e400}}', 'a.b'],
    ['1e999', ''],
  ])('rejects numbers overflowing to infinity in %s', (text, path) => {
    expect(parseSafeJson(bytes(text))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NOT_FINITE', path }),
    });
  });

  it('masks keys that do not look like field names in paths', () => {
    const r = parseSafeJson(bytes('{"alice@example.org":{"x":1e999}}'));
    expect(r.ok || r.error.path).toBe('<key>.x');
  });
});
