import type { NudgeRequest } from '../warnings/nudge-request';
import { EventBus } from './event-bus';

const req = { subjectId: 's', pid: 'k.p', asOf: '2026-11-20', level: 'watch', signals: [] } as NudgeRequest;

describe('EventBus', () => {
  it('runs handlers in priority order, each awaited, whatever order they registered in', async () => {
    const bus = new EventBus();
    const ran: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      await new Promise((r) => setTimeout(r, ms));
      ran.push(name);
    };
    bus.on('nudge.requested', 'late', slow('late', 1), 200);
    bus.on('nudge.requested', 'early', slow('early', 20), 10);
    bus.on('nudge.requested', 'middle', slow('middle', 5));
    await bus.emit('nudge.requested', req);
    expect(ran).toEqual(['early', 'middle', 'late']);
    expect(bus.listeners('nudge.requested')).toEqual(['early@10', 'middle@100', 'late@200']);
  });

  it('passes the first error to the emitter and stops there', async () => {
    const bus = new EventBus();
    const after = jest.fn();
    bus.on('readings.stored', 'failing', async () => {
      throw new Error('inbox topic down');
    });
    bus.on('readings.stored', 'after', after, 500);
    await expect(bus.emit('readings.stored', [])).rejects.toThrow('inbox topic down');
    expect(after).not.toHaveBeenCalled();
  });

  it('a removed handler no longer runs', async () => {
    const bus = new EventBus();
    const h = jest.fn();
    const off = bus.on('consent.changed', 'h', h);
    off();
    await bus.emit('consent.changed', { subjectId: 's', record: null });
    expect(h).not.toHaveBeenCalled();
  });
});
