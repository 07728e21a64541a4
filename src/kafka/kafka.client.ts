import { Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { AppConfig } from '../config/config.schema';
import { installNumericRecords } from './kafkajs.records';

/** The client as the rest of the code names it: only src/kafka knows it is kafkajs. */
export type KafkaClient = Kafka;

/**
 * kafkajs is in maintenance mode (no release since 2.2.4): only the files in src/kafka import it,
 * so a maintained client can replace it here.
 */
export function createKafka(config: Pick<AppConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>): Kafka {
  const logger = new Logger('kafka');
  const notNumeric = installNumericRecords();
  if (notNumeric) logger.warn(`records decoded by kafkajs' own decoder: ${notNumeric}`);
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    // kafkajs log entries carry no message payloads; keep only its own message and error name.
    logCreator: () => (entry) => {
      const text = `${entry.namespace}: ${entry.log.message}`;
      const level = kafkaLogLevel(entry.level, entry.log.error);
      if (level === 'error') logger.error(text);
      else if (level === 'warn') logger.warn(text);
      else logger.debug(`${text} (${String(entry.log.error)}; retried)`);
    },
  });
}

/**
 * Errors kafkajs logs for a broker answer it then retries, typical while a broker is starting or a
 * consumer group or topic was just created (no coordinator or leader yet). What outlasts the
 * retries still surfaces as a thrown error or a consumer crash, which are logged as errors.
 */
const RETRIED_AT_START = [
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server does not host this topic-partition',
  'The coordinator is loading and hence can',
];

export function kafkaLogLevel(level: logLevel, error: unknown): 'error' | 'warn' | 'debug' {
  if (level > logLevel.ERROR) return 'warn';
  return typeof error === 'string' && RETRIED_AT_START.some((m) => error.startsWith(m)) ? 'debug' : 'error';
}
