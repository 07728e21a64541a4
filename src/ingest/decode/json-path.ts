// Renders a location inside a JSON value as "a.b[3]". Paths are logged with rejections, so a key
// that does not look like a field name (it might be an identifier or free text) is masked.

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
    } else {
      const name = typeof seg === 'string' && FIELD_NAME.test(seg) ? seg : '<key>';
      out += out === '' ? name : `.${name}`;
    }
  }
  return out;
}

/** Joins a base path and a relative one, e.g. ("body", "effective_time_frame") → "body.effective_time_frame". */
export function joinPath(base: string, rest: string): string {
  if (base === '') return rest;
  if (rest === '') return base;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}
