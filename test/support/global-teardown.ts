import type { StartedTestContainer } from 'testcontainers';

/** Stops the containers global-setup.ts started (RESPITE_TEST_STACK=containers); the native stack keeps running. */
export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as { respiteContainers?: StartedTestContainer[] }).respiteContainers ?? [];
  await Promise.all(containers.map((c) => c.stop()));
}
