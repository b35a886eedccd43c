/**
 * Hostile tier (`npm run test:hostile`, run by .ci/run, issue 14.4): schemathesis against /api/openapi.json on a
 * stack of its own (its own PostgreSQL and Temporal dev server from globalSetup, never a shared one), signed in as
 * each kind of role, bounded in time.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/hostile'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.typescript'),
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 600_000,
  maxWorkers: 1,
  slowTestThreshold: 600,
};
