/**
 * Start/stop tier: `npm start` in a copy of the working tree, started and stopped with each signal (issue 16.1).
 * Runs the real stack several times one after the other: one test file, one worker.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/start'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.typescript'),
  testTimeout: 15 * 60_000,
  maxWorkers: 1,
  slowTestThreshold: 300,
};
