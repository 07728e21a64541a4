import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';

/**
 * Kafka and InfluxDB as containers (RESPITE_TEST_STACK=containers), started through testcontainers
 * on the host's network: the engine here has no bridge, and every connection stays on the loopback.
 * They get ports of their own (19092/19093, 18086 unless RESPITE_TEST_*_PORT says otherwise), so
 * they run beside a native stack on the usual ones. Images: KAFKA_IMAGE / INFLUXDB_IMAGE, else the
 * local ones scripts/docker/images.sh named in .stack/images.env, else the official ones.
 */
export interface ContainerStack {
  env: Record<string, string>;
  containers: StartedTestContainer[];
}

export const influxContainerName = (port: number) => `respite-test-influxdb-${port}`;

function images(root: string): { kafka: string; influxdb: string } {
  const file = join(root, '.stack', 'images.env');
  const local = Object.fromEntries(
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .map((l) => l.split('=', 2))
          .filter((kv) => kv.length === 2)
      : [],
  ) as Record<string, string>;
  return {
    kafka: process.env.KAFKA_IMAGE ?? local.KAFKA_IMAGE ?? 'apache/kafka:4.1.1',
    influxdb: process.env.INFLUXDB_IMAGE ?? local.INFLUXDB_IMAGE ?? 'influxdb:2.7',
  };
}

/** A container left over by a run that died (no reaper: its image cannot be pulled here). */
function removeStale(name: string): void {
  try {
    execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
  } catch {
    // none was there
  }
}

export async function startContainerStack(root: string): Promise<ContainerStack> {
  // testcontainers' reaper is itself an image from a public registry
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  // on the host's network the containers are on the loopback; without this, testcontainers looks
  // for the gateway of a `bridge` network, which an engine started with --bridge=none lacks
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  const kafkaPort = Number(process.env.RESPITE_TEST_KAFKA_PORT ?? 19092);
  const controllerPort = kafkaPort + 1;
  const influxPort = Number(process.env.RESPITE_TEST_INFLUX_PORT ?? 18086);
  const token = randomBytes(24).toString('hex');
  const image = images(root);
  const kafkaName = `respite-test-kafka-${kafkaPort}`;
  const influxName = influxContainerName(influxPort);
  removeStale(kafkaName);
  removeStale(influxName);

  const kafka = new GenericContainer(image.kafka)
    .withName(kafkaName)
    .withNetworkMode('host')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort},CONTROLLER://127.0.0.1:${controllerPort}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@127.0.0.1:${controllerPort}`,
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '6',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_LOG_CLEANER_BACKOFF_MS: '5000',
    })
    // the broker's own word that it serves (apache/kafka logs the same line)
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();

  const influxUrl = `http://127.0.0.1:${influxPort}`;
  const influx = new GenericContainer(image.influxdb)
    .withName(influxName)
    .withNetworkMode('host')
    .withEnvironment({
      INFLUXD_HTTP_BIND_ADDRESS: `127.0.0.1:${influxPort}`,
      INFLUXD_LOG_LEVEL: 'warn',
      // as docker-compose.yml and the native stack run it (README, Operations: erasure)
      INFLUXD_STORAGE_CACHE_SNAPSHOT_WRITE_COLD_DURATION: '1m',
      INFLUXD_PPROF_DISABLED: 'true',
      // the onboarding instance's side port (the official image's default, 9999, may be taken)
      INFLUXD_INIT_PORT: String(influxPort + 1),
      INFLUX_HOST: influxUrl,
      DOCKER_INFLUXDB_INIT_MODE: 'setup',
      DOCKER_INFLUXDB_INIT_USERNAME: 'respite',
      DOCKER_INFLUXDB_INIT_PASSWORD: randomBytes(12).toString('hex'),
      DOCKER_INFLUXDB_INIT_ORG: 'respite',
      DOCKER_INFLUXDB_INIT_BUCKET: 'wearables',
      DOCKER_INFLUXDB_INIT_ADMIN_TOKEN: token,
    })
    // influxd answers on its own address only once it is set up (both images onboard on a side port)
    .withWaitStrategy(Wait.forSuccessfulCommand('influx ping'))
    .withStartupTimeout(180_000)
    .start();

  const containers = await Promise.all([kafka, influx]);
  return {
    containers,
    env: {
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      INFLUX_URL: influxUrl,
      INFLUX_TOKEN: token,
      INFLUX_ORG: 'respite',
      INFLUX_BUCKET: 'wearables',
      RESPITE_INFLUX_CONTAINER: influxName,
      RESPITE_KAFKA_CONTAINER: kafkaName,
    },
  };
}
