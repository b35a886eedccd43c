/** Unit tier: pure domain code, no servers. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/domain', '<rootDir>/test/unit', '<rootDir>/admin-ui/src'],
  testMatch: ['**/*.test.ts'],
  transform: require('./jest.typescript'),
};
