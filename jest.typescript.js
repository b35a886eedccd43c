/**
 * How every jest tier compiles TypeScript: ts-jest with type checking on, so a test run fails on a type error as
 * `npm run typecheck` does. tsconfig.json sets isolatedModules (for tsx and vite), which would make ts-jest only
 * transpile; it is switched off here. The admin UI's own files compile with its own options (DOM, JSX).
 */
module.exports = {
  '^.+/admin-ui/.+\\.tsx?$': ['ts-jest', { diagnostics: true, tsconfig: '<rootDir>/admin-ui/tsconfig.jest.json' }],
  '^.+\\.tsx?$': ['ts-jest', { diagnostics: true, tsconfig: { isolatedModules: false } }],
};
