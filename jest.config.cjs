// Four tiers, told apart by name: unit (*.test.ts, no database), integration (*.int.test.ts,
// real Neo4j started by tests/support/global-setup.ts), e2e (*.e2e.test.ts, headless Chromium) and
// faults (*.fault.test.ts: kills, signals, full disks and the fuzzer, against real processes).
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// any-ascii and archiver (with its zip packages) ship only ES modules; Jest runs CommonJS, so swc
// compiles them too.
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(any-ascii|archiver|zip-stream|compress-commons|crc32-stream|is-stream)/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/server/**/*.test.ts', '<rootDir>/client/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.int.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/tests/faults/**/*.fault.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/long-timeout.ts'],
    },
  ],
};
