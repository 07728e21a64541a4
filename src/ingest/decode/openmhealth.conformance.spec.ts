// Conformance with the Open mHealth test documents (fixtures in openmhealth.conformance.ts): each
// published case gets Respite's stated outcome, and the counts per schema and version are pinned, so
// a mapping that starts accepting or refusing a case shows up here.
import { decodeObject } from './decode.fixtures';
import { CONFORMANCE_CASES, type ConformanceCase } from './openmhealth.conformance.fixtures';

const outcome = (c: ConformanceCase) => decodeObject(c.schema === 'sleep-episode' ? 'sleep' : 'hrv', c.value);

describe('Open mHealth conformance', () => {
  it.each(CONFORMANCE_CASES.map((c) => [`${c.schema} ${c.version} ${c.published}/${c.name}`, c] as const))(
    '%s',
    (_name, c) => {
      const r = outcome(c);
      if ('accepted' in c.respite) {
        expect(c.published).toBe('shouldPass');
        expect(r).toEqual({ ok: true, reading: expect.objectContaining(c.respite.accepted) });
      } else {
        expect(r).toEqual({ ok: false, error: expect.objectContaining(c.respite) });
        // an invalid document is refused as invalid, never as merely "not mapped"
        if (c.published === 'shouldFail') expect(c.respite.code).toBe('SCHEMA_INVALID');
      }
    },
  );

  it('counts per schema and version: shouldPass accepted / not mapped, shouldFail rejected', () => {
    const table: Record<
      string,
      { pass: number; accepted: number; notMapped: number; fail: number; rejected: number }
    > = {};
    for (const c of CONFORMANCE_CASES) {
      const k = `${c.schema} ${c.version}`;
      table[k] ??= { pass: 0, accepted: 0, notMapped: 0, fail: 0, rejected: 0 };
      const row = table[k];
      const ok = outcome(c).ok;
      if (c.published === 'shouldPass') {
        row.pass++;
        if (ok) row.accepted++;
        else row.notMapped++;
      } else {
        row.fail++;
        if (!ok) row.rejected++;
      }
    }
    const lines = Object.entries(table).map(
      ([k, r]) =>
        `${k.padEnd(18)} shouldPass ${r.accepted}/${r.pass} accepted (${r.notMapped} not mapped)  shouldFail ${r.rejected}/${r.fail} rejected`,
    );
    console.info(`Open mHealth conformance\n${lines.join('\n')}`);
    expect(table).toEqual({
      'heart-rate 1.0': { pass: 5, accepted: 2, notMapped: 3, fail: 2, rejected: 2 },
      'heart-rate 1.1': { pass: 1, accepted: 1, notMapped: 0, fail: 0, rejected: 0 },
      'heart-rate 2.0': { pass: 2, accepted: 1, notMapped: 1, fail: 3, rejected: 3 },
      'rr-interval 1.0': { pass: 4, accepted: 2, notMapped: 2, fail: 2, rejected: 2 },
      'sleep-episode 1.0': { pass: 1, accepted: 1, notMapped: 0, fail: 2, rejected: 2 },
      'sleep-episode 1.1': { pass: 1, accepted: 1, notMapped: 0, fail: 0, rejected: 0 },
    });
  });
});
