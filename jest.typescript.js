/**
 * How every jest tier compiles TypeScript: ts-jest with diagnostics on, file by file (tsconfig.json's isolatedModules),
 * so a syntax error fails the run at once. The type check itself is `npm run typecheck` (tsc for the server and the
 * UI), a step of .ci/run before the tests: a full type check inside ts-jest made the integration tiers' start-up hooks
 * overrun their time limits on the shared, busy machine. The admin UI's own files compile with its own options (DOM, JSX).
 */
module.exports = {
  '^.+/admin-ui/.+\\.tsx?$': ['ts-jest', { diagnostics: true, tsconfig: '<rootDir>/admin-ui/tsconfig.jest.json' }],
  '^.+\\.tsx?$': ['ts-jest', { diagnostics: true }],
};
