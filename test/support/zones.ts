/** An Etc/GMT zone whose wall clock reads `hour` now, so a test decides whether quiet hours apply. */
export function zoneAt(hour: number): string {
  for (let off = -12; off <= 14; off++) {
    const zone = off === 0 ? 'Etc/GMT' : `Etc/GMT${off > 0 ? '-' : '+'}${Math.abs(off)}`;
    const h = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hour: 'numeric',
      hourCycle: 'h23',
    }).format();
    if (Number(h) === hour) return zone;
  }
  throw new Error(`no zone at ${hour}:00`);
}

/** Today's date (YYYY-MM-DD) in `zone`. */
export const localDate = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format();
