import { Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { AppConfig } from '../config/config.schema';

/** The client as the rest of the code names it: only src/kafka knows it is kafkajs. */
export type KafkaClient = Kafka;

/**
 * kafkajs is in maintenance mode (no release since 2.2.4): only the files in src/kafka import it,
 * so a maintained client can replace it here.
 */
export function createKafka(config: Pick<AppConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>): Kafka {
  const logger = new Logger('kafka');
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    // kafkajs log entries carry no message payloads; keep only its own message and error name.
    logCreator: () => (entry) => {
      const text = `${entry.namespace}: ${entry.log.message}`;
      if (entry.level <= logLevel.ERROR) logger.error(text);
      else logger.warn(text);
    },
  });
}
