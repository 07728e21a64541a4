import { SubjectSeal } from './inbox.subject-seal';

const k1 = { keyId: 'k1', secret: 'a'.repeat(32) };
const k2 = { keyId: 'k2', secret: 'b'.repeat(32) };

describe('SubjectSeal', () => {
  it('seals the subjectId so that only this service opens it, for this pid', () => {
    const seal = new SubjectSeal([k1]);
    const sealed = seal.seal('nurse-ana', 'k1.pidA');
    expect(sealed).not.toContain('nurse-ana');
    expect(Buffer.from(sealed.split('.')[2]!, 'base64url').toString('latin1')).not.toContain('nurse');
    expect(seal.open(sealed, 'k1.pidA')).toBe('nurse-ana');
    expect(seal.open(sealed, 'k1.pidB')).toBeUndefined();
    expect(seal.seal('nurse-ana', 'k1.pidA')).not.toBe(sealed);
  });

  it('refuses tampered, foreign and malformed seals', () => {
    const seal = new SubjectSeal([k1]);
    const [id, iv, body] = seal.seal('nurse-ana', 'p').split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    expect(seal.open(`${id}.${iv}.${flipped.toString('base64url')}`, 'p')).toBeUndefined();
    expect(
      new SubjectSeal([{ ...k1, secret: 'c'.repeat(32) }]).open(`${id}.${iv}.${body}`, 'p'),
    ).toBeUndefined();
    for (const bad of ['', 'k1', 'k1..', 'k9.a.b', `${id}.${iv}.AA`])
      expect(seal.open(bad, 'p')).toBeUndefined();
  });

  it('opens seals of a retired key that is still configured, and seals with the current one', () => {
    const old = new SubjectSeal([k1]).seal('nurse-ana', 'p');
    const rotated = new SubjectSeal([k2, k1]);
    expect(rotated.open(old, 'p')).toBe('nurse-ana');
    expect(rotated.seal('nurse-ana', 'p').startsWith('k2.')).toBe(true);
  });
});
