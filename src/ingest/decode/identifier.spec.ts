import { identifierProblem } from './identifier';

describe('identifierProblem', () => {
  it.each(['subject-7f3a', 'a', 'Zoë Müller', '患者-42', '🙂x', 'x'.repeat(128)])('accepts %j', (s) => {
    expect(identifierProblem(s)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['129 code points', 'x'.repeat(129)],
    ['NUL', 'a\u0000b'],
    ['newline', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['C1 NEL', 'a\u0085b'],
    ['RLO bidi override', 'a\u202Eb'],
    ['LRE bidi embedding', 'a\u202Ab'],
    ['RLI bidi isolate', 'a\u2067b'],
    ['PDI', 'a\u2069b'],
    ['LRM', 'a\u200Eb'],
    ['RLM', 'a\u200Fb'],
    ['zero-width space', 'a\u200Bb'],
    ['zero-width joiner alone', 'a\u200Db'],
    ['BOM', '\uFEFFab'],
    ['line separator', 'a\u2028b'],
    ['lone surrogate', 'a\uD800b'],
    ['leading space', ' ab'],
    ['trailing tab', 'ab\t'],
  ])('rejects %s', (_, s) => {
    expect(identifierProblem(s)).toEqual(expect.any(String));
  });

  it('never echoes the identifier in its message', () => {
    expect(identifierProblem('secret\u202E')).not.toContain('secret');
  });
});
