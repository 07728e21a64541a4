import type { OutgoingRecord } from '../kafka/kafka.types';
import type { DeadLetter } from './ingest.pipeline';

/**
 * The `<topic>.dlq` record of a rejected message: where it came from, the bytes as received (base64,
 * so nothing is re-encoded) and the error with its code and field path. A message that was rejected
 * for its size keeps only its first `maxBytes` bytes — whole, it would not fit the dead-letter topic
 * either, and a dead letter that cannot be written would stall its partition for ever.
 */
export function deadLetterRecord(
  { record, error }: DeadLetter,
  at: string,
  maxBytes: number,
): OutgoingRecord {
  const key = record.key === null ? null : record.key.toString('utf8');
  const value = record.value;
  const truncated = value !== null && value.length > maxBytes;
  return {
    key,
    value: JSON.stringify({
      originalTopic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key,
      value: value === null ? null : (truncated ? value.subarray(0, maxBytes) : value).toString('base64'),
      valueEncoding: 'base64',
      ...(truncated ? { valueTruncated: true, valueBytes: value.length } : {}),
      error,
      at,
    }),
  };
}
