// ESLint flat config (`npm run lint`). Three jobs: TypeScript's recommended rules everywhere we write TypeScript;
// the layer rule (imports point one way, see LAYER_BANS); and the workflow sandbox rule from STYLE.md — code under
// workflows/ is replayed by Temporal and must stay deterministic, so it may import only @temporalio/workflow,
// workflow contracts, activities/contract (types) and pure domain/ code. test/unit/lint.test.ts proves the bans bite.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

/**
 * ESLint's own recommended rules (what @eslint/js's `recommended` lists, which is not installed here): every core
 * rule whose docs mark it recommended. typescript-eslint's recommended config, applied after, switches off those
 * that the TypeScript compiler already checks (no-undef, no-redeclare …).
 */
const eslintRecommended = {
  name: 'eslint/recommended',
  rules: Object.fromEntries([...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error'])),
};

/** The Node globals plain JavaScript files here use (the `globals` package is not installed). */
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'require', 'module', 'exports', '__dirname', '__filename', 'URL', 'fetch', 'setTimeout', 'clearTimeout', 'Buffer'].map((name) => [name, 'readonly']),
);

const SERVER_CODE = ['{domain,workflows,activities,ops,api,worker,db,infra,config,scripts,test,bench}/**/*.{ts,mts,cts}'];

/** Every Node built-in (fs, path, crypto, http, fs/promises …); the `node:` prefixed forms are caught by a pattern below. */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

const DETERMINISM =
  'workflows/ runs in Temporal’s deterministic sandbox: do the I/O in an activity (activities/) and call it through proxyActivities with the types from activities/contract.';

const WORKFLOW_IMPORT_BAN = {
  paths: [
    ...NODE_BUILTINS.map((name) => ({ name, message: `Node built-in "${name}" is not allowed in workflow code. ${DETERMINISM}` })),
    ...['sequelize', 'pg', 'umzug', 'express', 'pino', 'argon2', 'exceljs', 'multer'].map((name) => ({
      name,
      message: `"${name}" does I/O and is not allowed in workflow code. ${DETERMINISM}`,
    })),
    ...['@temporalio/worker', '@temporalio/client', '@temporalio/activity', '@temporalio/testing'].map((name) => ({
      name,
      message: `"${name}" is not for workflow code; workflows import only "@temporalio/workflow".`,
    })),
  ],
  patterns: [
    { regex: '^node:', message: `Node built-ins are not allowed in workflow code. ${DETERMINISM}` },
    {
      // Relative imports of "../../activities", "../../activities/projection" … but not "../../activities/contract".
      regex: '^\\.{1,2}/(.*/)?activities(?!/contract$)(/|$)',
      message: `Workflow code may import only activities/contract (the activity types), never activity bodies. ${DETERMINISM}`,
    },
    {
      regex: '^\\.{1,2}/(.*/)?(api|db|ops|infra|worker|config|scripts|bench)(/|$)',
      message: `Workflow code may import only @temporalio/workflow, workflow contracts and pure domain/ code. ${DETERMINISM}`,
    },
  ],
};

/**
 * Layers point one way (STYLE.md, ARCHITECTURE.md): domain ← db ← ops ← activities, workflows ← api ← worker, scripts,
 * bench. Each layer's files may not import a layer above it; above domain/, a workflow is reached only through its
 * contract (workflows/<name>/contract.ts), never its body. test/ may import anything.
 */
const LAYER_ORDER = 'domain ← db ← ops ← activities/workflows ← api ← worker/scripts/bench';
const relative = (folders) => `^\\.{1,2}/(.*/)?(${folders.join('|')})(/|$)`;
const WORKFLOW_BODY = '^\\.{1,2}/(.*/)?workflows(?!/[a-z]+/contract$)(/|$)';
function layerBan(layer, above, { contractsOnly = true, packages = [] } = {}) {
  const patterns = [{ regex: relative(above), message: `${layer}/ may not import ${above.join(', ')}: layers point one way (${LAYER_ORDER}).` }];
  if (contractsOnly) {
    patterns.push({ regex: WORKFLOW_BODY, message: `${layer}/ reaches a workflow only through its contract (workflows/<name>/contract.ts), never the workflow body.` });
  }
  return {
    name: `layers/${layer}`,
    files: [`${layer}/**/*.{ts,mts,cts}`],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: packages.map((name) => ({ name, message: `${layer}/ is below the code that does this kind of I/O; "${name}" is not allowed here.` })), patterns },
      ],
    },
  };
}
const LAYER_BANS = [
  layerBan('domain', ['db', 'ops', 'activities', 'workflows', 'api', 'worker', 'scripts', 'bench', 'infra', 'config', 'admin-ui'], {
    contractsOnly: false,
    packages: ['sequelize', 'pg', 'express', 'pino', 'argon2', 'exceljs', 'multer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
  }),
  layerBan('config', ['domain', 'db', 'ops', 'activities', 'workflows', 'api', 'worker', 'scripts', 'bench', 'infra'], { contractsOnly: false }),
  layerBan('infra', ['db', 'ops', 'activities', 'workflows', 'api', 'worker', 'scripts', 'bench'], { contractsOnly: false }),
  layerBan('db', ['ops', 'activities', 'workflows', 'api', 'worker', 'scripts', 'bench', 'admin-ui'], { contractsOnly: false }),
  layerBan('ops', ['activities', 'api', 'worker', 'scripts', 'bench', 'admin-ui']),
  layerBan('activities', ['api', 'worker', 'scripts', 'bench', 'admin-ui']),
  layerBan('api', ['activities', 'worker', 'scripts', 'bench', 'admin-ui']),
  layerBan('worker', ['api', 'scripts', 'bench', 'admin-ui']),
];

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', '.tools/', '.data/', '.test-data/', 'admin-ui/dist/', 'coverage/', 'test-results/', 'screenshots/'],
  },
  {
    name: 'server/typescript',
    files: SERVER_CODE,
    extends: [eslintRecommended, tseslint.configs.recommended],
    rules: {
      // `_unused` is the convention for a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and the benchmark read JSON answers whose shape the assertions check: `any` there is the honest type.
    name: 'tests/json',
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...LAYER_BANS,
  {
    // After the layer bans: for workflows/ this one rule holds both the sandbox and the layer ban.
    name: 'workflows/sandbox',
    files: ['workflows/**/*.{ts,mts,cts}'],
    languageOptions: {
      // Type information only here (no-floating-promises needs it); the rest of the tree lints fast without it.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-imports': ['error', WORKFLOW_IMPORT_BAN],
      // A forgotten await in a workflow silently drops a timer, an activity or a condition.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The react-admin UI: same TypeScript rules, browser code with JSX. No React plugin is installed, so hooks rules
    // are not checked here; `tsc -p admin-ui` and the browser tests cover the rest.
    name: 'admin-ui/typescript',
    files: ['admin-ui/**/*.{ts,tsx}'],
    extends: [eslintRecommended, tseslint.configs.recommended],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript at the root (jest configs are CommonJS, scripts/start.mjs runs before node_modules exists).
    name: 'javascript',
    files: ['**/*.{js,cjs,mjs}'],
    extends: [eslintRecommended],
    languageOptions: { sourceType: 'module', ecmaVersion: 2022, globals: NODE_GLOBALS },
  },
  {
    files: ['**/*.cjs', 'jest.*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
