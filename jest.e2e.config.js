/** Browser tier: Debian Chromium (playwright-core) driving the built admin UI served by the real stack. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.typescript'),
  globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 240_000,
  // One browser at a time on a 2-core machine.
  maxWorkers: 1,
  slowTestThreshold: 120,
};
