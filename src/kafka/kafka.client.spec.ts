import { logLevel } from 'kafkajs';
import { kafkaLogLevel } from './kafka.client';

describe('kafkaLogLevel', () => {
  it('keeps errors kafkajs retries at start-up out of the error log (no coordinator or leader yet)', () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'The group coordinator is not available')).toBe('debug');
    expect(
      kafkaLogLevel(
        logLevel.ERROR,
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
      ),
    ).toBe('debug');
  });

  it('logs every other error as an error, and warnings as warnings', () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'Topic authorization failed')).toBe('error');
    expect(kafkaLogLevel(logLevel.ERROR, undefined)).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, 'The group coordinator is not available')).toBe('warn');
  });
});
