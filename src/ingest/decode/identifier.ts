// Identifiers (subjectId, deviceId, the message key) end up hashed into pseudonyms and compared
// byte for byte, so characters that render invisibly or reorder text would let two ids look alike
// or hide one inside a log line.

export const MAX_IDENTIFIER_CODE_POINTS = 128;

// Cc: C0/C1 controls and DEL. Cf: format characters, incl. bidi embeddings/overrides/isolates
// (U+202A–U+202E, U+2066–U+2069), marks (U+200E/F, U+061C), zero-width (U+200B–U+200D, U+2060,
// U+FEFF), soft hyphen and tag characters. Zl/Zp: line and paragraph separators.
// With the u flag, [\uD800-\uDFFF] only matches unpaired surrogates.
const FORBIDDEN_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uD800-\uDFFF]/u;

/** Returns why `s` is not a safe identifier (a constraint description), or undefined if it is. */
export function identifierProblem(s: string): string | undefined {
  const codePoints = [...s].length;
  if (codePoints < 1 || codePoints > MAX_IDENTIFIER_CODE_POINTS) {
    return `must be 1..${MAX_IDENTIFIER_CODE_POINTS} characters`;
  }
  if (FORBIDDEN_CHARS.test(s)) {
    return 'must not contain control, format (bidi, zero-width) or separator characters';
  }
  if (s.trim() !== s) {
    return 'must not start or end with whitespace';
  }
  return undefined;
}
