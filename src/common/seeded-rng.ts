/**
 * A deterministic uniform [0, 1) source (mulberry32), seeded from a number or a string (FNV-1a).
 * Seeding from the nudgeId makes a nudge's suggestions reproducible when history is replayed; the
 * simulator and the property tests draw from it too.
 */
export function seededRng(seed: number | string): () => number {
  let a = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
