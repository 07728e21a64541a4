import { type NudgeRequest, NudgeRequests } from './nudge-request';

const req: NudgeRequest = {
  subjectId: 's',
  pid: 'k1.p',
  asOf: '2026-11-20',
  level: 'warning',
  signals: [{ signal: 'hrv', value: 3.4, baseline: 3.8, band: [3.6, 4], days: 4 }],
  timeZoneHint: 60,
};

describe('NudgeRequests', () => {
  it('awaits every listener in order, and stops calling one that unsubscribed', async () => {
    const e = new NudgeRequests();
    const seen: string[] = [];
    e.on(async (r) => {
      await new Promise((res) => setTimeout(res, 5));
      seen.push(`a:${r.asOf}`);
    });
    const off = e.on((r) => {
      seen.push(`b:${r.asOf}`);
    });
    await e.emit(req);
    off();
    await e.emit(req);
    expect(seen).toEqual(['a:2026-11-20', 'b:2026-11-20', 'a:2026-11-20']);
  });

  it('passes a listener’s failure on, so the batch is retried rather than the request lost', async () => {
    const e = new NudgeRequests();
    e.on(() => {
      throw new Error('inbox down');
    });
    await expect(e.emit(req)).rejects.toThrow('inbox down');
  });
});
