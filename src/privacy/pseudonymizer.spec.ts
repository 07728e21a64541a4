import { Pseudonymizer } from './pseudonymizer';

const k1 = { keyId: 'k1', secret: 'a'.repeat(32) };
const k2 = { keyId: 'k2', secret: 'b'.repeat(32) };

describe('Pseudonymizer', () => {
  it('is deterministic per key and never contains the subject id', () => {
    const p = new Pseudonymizer([k1]);
    expect(p.pid('nurse-ana')).toBe(p.pid('nurse-ana'));
    expect(p.pid('nurse-ana')).toMatch(/^k1\.[A-Za-z0-9_-]{22}$/);
    expect(p.pid('nurse-ana')).not.toContain('ana');
    expect(p.pid('nurse-ana')).not.toBe(p.pid('nurse-ben'));
  });

  it('depends on the secret, so a pid cannot be recomputed without the key', () => {
    expect(new Pseudonymizer([k1]).pid('x').slice(3)).not.toBe(
      new Pseudonymizer([{ ...k1, secret: 'c'.repeat(32) }]).pid('x').slice(3),
    );
  });

  it('after rotation, pseudonymizes with the first key and still knows the old pids', () => {
    const rotated = new Pseudonymizer([k2, k1]);
    expect(rotated.pid('s')).toMatch(/^k2\./);
    expect(rotated.allPids('s')).toEqual([rotated.pid('s'), new Pseudonymizer([k1]).pid('s')]);
  });
});
