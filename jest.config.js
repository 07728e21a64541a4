// Three projects: unit tests of pure logic beside the code (no servers), integration tests against
// the real Kafka and InfluxDB that `npm run stack:up` starts (or, with RESPITE_TEST_STACK=containers,
// that test/support/global-setup.ts starts through testcontainers), and the web app in a real browser.
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];
module.exports = {
  testTimeout: 180000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/scripts', '<rootDir>/tools'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'integration',
      // node's, plus: the Kafka topics a test file made are deleted when it ends
      testEnvironment: '<rootDir>/test/support/kafka-environment.ts',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // the web app in Debian's chromium against the real service (scripts/test-browser.sh)
      displayName: 'browser',
      testEnvironment: '<rootDir>/test/support/kafka-environment.ts',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.browser-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
