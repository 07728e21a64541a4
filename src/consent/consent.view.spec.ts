import type { ConsentRecord } from './consent.schema';
import { ConsentView } from './consent.view';

const base: ConsentRecord = {
  subjectId: 's1',
  status: 'granted',
  scopes: ['ingest', 'aggregate-trends'],
  cohorts: ['unit:icu-3'],
  policyVersion: '2026-11',
  at: '2026-11-20T08:00:00+01:00',
  erase: false,
};

describe('ConsentView', () => {
  it('allows only granted scopes of a granted consent', () => {
    const v = new ConsentView();
    expect(v.allows('s1', 'ingest')).toBe(false);
    v.apply('s1', base);
    expect(v.allows('s1', 'ingest')).toBe(true);
    expect(v.allows('s1', 'early-warning')).toBe(false);
    expect(v.allows('s2', 'ingest')).toBe(false);
  });

  it('stops allowing at once on revocation and forgets on a tombstone', () => {
    const v = new ConsentView();
    v.apply('s1', base);
    v.apply('s1', { ...base, status: 'revoked' });
    expect(v.allows('s1', 'ingest')).toBe(false);
    v.apply('s1', null);
    expect(v.get('s1')).toBeUndefined();
    expect(v.size).toBe(0);
  });

  it('changes its version with every change, so a batch gated earlier knows to check again', () => {
    const v = new ConsentView();
    const seen = [v.version];
    v.apply('s1', base);
    seen.push(v.version);
    v.apply('s1', { ...base, status: 'revoked' });
    seen.push(v.version);
    v.apply('s1', null);
    seen.push(v.version);
    expect(new Set(seen).size).toBe(4);
  });

  it('lists cohort members with the scope only', () => {
    const v = new ConsentView();
    v.apply('s1', base);
    v.apply('s2', { ...base, subjectId: 's2', scopes: ['ingest'] });
    v.apply('s3', { ...base, subjectId: 's3', cohorts: ['unit:er'] });
    v.apply('s4', { ...base, subjectId: 's4', cohorts: ['unit:er', 'unit:icu-3', 'unit:er'] });
    v.apply('s5', { ...base, subjectId: 's5', status: 'revoked' });
    expect(v.memberships(['unit:icu-3'], 'aggregate-trends')).toEqual(
      new Map([
        ['s1', ['unit:icu-3']],
        ['s4', ['unit:icu-3']],
      ]),
    );
    // each subject's cohorts in the order asked, once each
    expect(v.memberships(['unit:icu-3', 'unit:er', 'unit:none'], 'aggregate-trends')).toEqual(
      new Map([
        ['s1', ['unit:icu-3']],
        ['s3', ['unit:er']],
        ['s4', ['unit:icu-3', 'unit:er']],
      ]),
    );
    expect(v.memberships(['unit:icu-3'], 'early-warning').size).toBe(0);
  });
});
