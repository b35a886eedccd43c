/**
 * Scale tier (`npm run test:scale`, run by .ci/run after the integration tier, issue 13): the stuck monitor over
 * 10,000 open submission workflows on a Temporal dev server of the test's own. Its own tier because creating them
 * takes minutes on 2 shared cores — run alone, it does not slow the integration files that share a dev server.
 * No test here asserts a duration (timings are `npm run bench` figures).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/scale'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.typescript'),
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 900_000,
  maxWorkers: 1,
  slowTestThreshold: 900,
};
