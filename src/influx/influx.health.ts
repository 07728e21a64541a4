import type { InfluxSettings } from './influx.client';

/** Is InfluxDB up and ready to take writes? (its own /health endpoint, with a short timeout) */
export class InfluxHealth {
  constructor(private readonly s: InfluxSettings) {}

  async ping(timeoutMs = 2_000): Promise<boolean> {
    try {
      const r = await fetch(new URL('/health', this.s.INFLUX_URL), {
        signal: AbortSignal.timeout(timeoutMs),
      });
      return r.ok;
    } catch {
      return false;
    }
  }
}
