/**
 * Cluster tier (`npm run test:cluster`, run by .ci/run): the production topology without Docker — `npm run
 * stack:cluster` (PostgreSQL, the Temporal server on PostgreSQL, two API and two worker processes as
 * docker-compose.yml runs them), driven over HTTP. One file, one stack.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.typescript'),
  testTimeout: 300_000,
  maxWorkers: 1,
  slowTestThreshold: 300,
};
