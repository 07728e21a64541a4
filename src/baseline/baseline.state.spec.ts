import {
  advanceTo,
  BASELINE_BYTES,
  createBaselineState,
  flagsAt,
  HRV,
  MID,
  PRESENT,
  RHR,
  readBaseline,
  setFlags,
  setValue,
  sourceCode,
  valueAt,
  WINDOW_NIGHTS,
  writeBaseline,
} from './baseline.state';

describe('baseline ring', () => {
  it('quantizes finely and treats absent or implausible values as missing', () => {
    const s = createBaselineState();
    advanceTo(s, 20_000);
    setValue(s, 20_000, HRV, 3.8123);
    setValue(s, 20_000, RHR, 54.3);
    setValue(s, 20_000, MID, 1439.9);
    expect(Math.abs(valueAt(s, 20_000, HRV) - 3.8123)).toBeLessThan(2e-4);
    expect(Math.abs(valueAt(s, 20_000, RHR) - 54.3)).toBeLessThan(3e-3);
    expect(Math.abs(valueAt(s, 20_000, MID) - 1439.9)).toBeLessThan(0.02);
    setValue(s, 20_000, RHR, 400);
    expect(valueAt(s, 20_000, RHR)).toBeNaN();
    setValue(s, 20_000, HRV, Number.NaN);
    expect(valueAt(s, 20_000, HRV)).toBeNaN();
  });

  it('keeps 60 calendar days: skipped days are empty, older ones fall out', () => {
    const s = createBaselineState();
    advanceTo(s, 100);
    setValue(s, 100, RHR, 50);
    setFlags(s, 100, PRESENT);
    advanceTo(s, 103);
    expect(valueAt(s, 100, RHR)).toBe(50);
    expect(flagsAt(s, 101)).toBe(0);
    expect(valueAt(s, 102, RHR)).toBeNaN();
    advanceTo(s, 100 + WINDOW_NIGHTS);
    expect(valueAt(s, 100, RHR)).toBeNaN();
    expect(flagsAt(s, 100)).toBe(0);
  });

  it('writes and reads back every byte', () => {
    const s = createBaselineState();
    advanceTo(s, 20_500);
    setValue(s, 20_500, HRV, 3.5);
    setFlags(s, 20_500, PRESENT);
    s.source = sourceCode('garmin');
    s.hrvMeasure = 2;
    s.shiftPending = true;
    const buf = new DataView(new ArrayBuffer(BASELINE_BYTES + 3));
    expect(writeBaseline(s, buf, 3)).toBe(BASELINE_BYTES + 3);
    expect(readBaseline(buf, 3)).toEqual(s);
  });

  it('maps unknown sources to other', () => {
    expect(sourceCode('acme-ring')).toBe(sourceCode('other'));
    expect(sourceCode('oura')).not.toBe(sourceCode('apple'));
  });
});
