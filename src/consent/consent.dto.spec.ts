import { BadRequestException } from '@nestjs/common';
import { ConsentDto, EraseQueryPipe, issuePath, putConsentSchema, ZodBodyPipe } from './consent.dto';

const pipe = new ZodBodyPipe(putConsentSchema);
const valid = {
  scopes: ['ingest', 'early-warning'],
  cohorts: ['unit:icu-3'],
  policyVersion: '2026-11',
  timeZone: 'Europe/Berlin',
};

function issues(body: unknown): { path: string; message: string }[] {
  try {
    pipe.transform(body);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    const r = (err as BadRequestException).getResponse() as {
      statusCode: number;
      message: string;
      issues: never[];
    };
    expect(r).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'invalid body' });
    return r.issues;
  }
  throw new Error('expected a 400');
}

describe('PUT /v1/me/consent body', () => {
  it('accepts a grant and defaults cohorts to none', () => {
    expect(pipe.transform(valid)).toEqual(valid);
    expect(pipe.transform({ scopes: ['ingest'], policyVersion: 'v1' })).toEqual({
      scopes: ['ingest'],
      cohorts: [],
      policyVersion: 'v1',
    });
  });

  it.each([
    [{ ...valid, scopes: ['ingest', 'sell-to-insurer'] }, 'scopes[1]'],
    [{ ...valid, scopes: [] }, 'scopes'],
    [{ ...valid, scopes: ['ingest', 'ingest'] }, 'scopes'],
    [{ ...valid, scopes: 'ingest' }, 'scopes'],
    [{ ...valid, cohorts: ['unit:icu-3', 'Has Spaces'] }, 'cohorts[1]'],
    [{ ...valid, cohorts: Array.from({ length: 5000 }, (_, i) => `c${i}`) }, 'cohorts'],
    [{ ...valid, policyVersion: 42 }, 'policyVersion'],
    [{ ...valid, policyVersion: undefined }, 'policyVersion'],
    [{ ...valid, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ ...valid, subjectId: 'someone-else' }, 'subjectId'],
    [null, '(body)'],
    [[valid], '(body)'],
    ['grant', '(body)'],
  ])('rejects %j at %s', (body, path) => {
    expect(issues(body).map((i) => i.path)).toContain(path);
  });

  it('reports at most 20 issues', () => {
    expect(issues({ ...valid, scopes: Array.from({ length: 100 }, () => 'x') }).length).toBeLessThanOrEqual(
      20,
    );
  });
});

describe('erase query and paths', () => {
  it('reads true/false/1/0 and nothing else', () => {
    const p = new EraseQueryPipe();
    expect(p.transform(undefined)).toBe(false);
    expect(p.transform('true')).toBe(true);
    expect(p.transform('0')).toBe(false);
    for (const bad of ['yes', '', ['true', 'false'], { a: '1' }])
      expect(() => p.transform(bad)).toThrow(BadRequestException);
  });

  it('formats zod paths', () => {
    expect(issuePath(['scopes', 0])).toBe('scopes[0]');
    expect(issuePath(['a', 'b', 2, 'c'])).toBe('a.b[2].c');
    expect(issuePath([])).toBe('(body)');
  });

  it('never returns the subject id of a record', () => {
    const dto = ConsentDto.of({
      subjectId: 's',
      status: 'granted',
      scopes: ['ingest'],
      cohorts: [],
      policyVersion: 'v',
      at: 'now',
      erase: false,
    });
    expect(Object.keys(dto)).not.toContain('subjectId');
  });
});
