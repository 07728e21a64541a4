import { erasureRequestOf } from './erasure.request';

const record = (over: Record<string, unknown>) =>
  Buffer.from(
    JSON.stringify({
      subjectId: 's1',
      status: 'revoked',
      scopes: [],
      cohorts: [],
      policyVersion: '2026-11',
      at: '2026-11-20T08:00:00+01:00',
      erase: true,
      ...over,
    }),
  );

describe('erasureRequestOf', () => {
  it('a withdrawal with erase, whoever wrote it, asks for erasure with its time', () => {
    expect(erasureRequestOf('s1', record({}))).toEqual({
      subjectId: 's1',
      requestedAt: '2026-11-20T08:00:00+01:00',
      via: 'withdrawal',
      policyVersion: '2026-11',
    });
  });

  it('a tombstone asks for erasure too', () => {
    expect(erasureRequestOf('s1', null)).toEqual({ subjectId: 's1', via: 'tombstone' });
  });

  it.each([
    ['a plain withdrawal', record({ erase: false })],
    ['a grant', record({ status: 'granted', erase: false, scopes: ['ingest'] })],
    ['a grant that says erase (nonsense, not a request)', record({ status: 'granted' })],
    ['a record whose subjectId is not its key', record({ subjectId: 's2' })],
    ['invalid JSON', Buffer.from('{"subjectId":')],
    ['a record failing the schema', record({ at: 'yesterday' })],
  ])('%s asks for nothing', (_name, value) => {
    expect(erasureRequestOf('s1', value)).toBeUndefined();
  });
});
