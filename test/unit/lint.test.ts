/**
 * The workflow sandbox rule of STYLE.md and the layer rule are enforced by eslint.config.mjs. These tests lint small
 * in-memory files placed (by path only, nothing is written) under workflows/ and the other layers, and check that
 * ESLint refuses what Temporal's deterministic sandbox cannot run and every import that points up a layer, and
 * accepts what each layer is allowed to import.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

interface Probe {
  name: string;
  file: string;
  code: string;
}
interface Finding {
  rule: string | null;
  message: string;
}

/**
 * ESLint loads eslint.config.mjs with a dynamic import, which jest's module sandbox cannot do; so the probes are
 * linted in one plain Node process with ESLint's Node API. The probe files do not exist on disk: typed linting of
 * workflows/ needs them in a TypeScript project, so the workflow probes get the project service's default project
 * (tsconfig.json). The time limits only stop a hung process on a busy machine; nothing here is timed.
 */
function lintAll(probes: Probe[]): Record<string, Finding[]> {
  const script = `
    const { ESLint } = require(${JSON.stringify(path.join(root, 'node_modules', 'eslint'))});
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const eslint = new ESLint({
      cwd: ${JSON.stringify(root)},
      overrideConfig: [{ files: ['workflows/**'], languageOptions: { parserOptions: {
        projectService: { allowDefaultProject: [...new Set(probes.map((p) => p.file).filter((f) => f.startsWith('workflows/')))], defaultProject: 'tsconfig.json' },
      } } }],
    });
    (async () => {
      const out = {};
      for (const p of probes) {
        const [result] = await eslint.lintText(p.code, { filePath: require('node:path').join(${JSON.stringify(root)}, p.file) });
        out[p.name] = result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: root, input: JSON.stringify(probes), encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`ESLint failed: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as Record<string, Finding[]>;
}

const WORKFLOW_FILE = 'workflows/submission/lint-probe.ts';
const PROBES: Probe[] = [
  { name: 'fs', file: WORKFLOW_FILE, code: `import fs from 'fs';\nexport const size = fs.statSync('x').size;\n` },
  {
    name: 'builtins',
    file: WORKFLOW_FILE,
    code: [
      `import { randomUUID } from 'node:crypto';`,
      `import path from 'path';`,
      `import http from 'http';`,
      `import { readFile } from 'fs/promises';`,
      `export const probe = [randomUUID, path, http, readFile];`,
    ].join('\n'),
  },
  {
    name: 'io-packages',
    file: WORKFLOW_FILE,
    code: [
      `import { Sequelize } from 'sequelize';`,
      `import { Pool } from 'pg';`,
      `import { Worker } from '@temporalio/worker';`,
      `import { Client } from '@temporalio/client';`,
      `export const probe = [Sequelize, Pool, Worker, Client];`,
    ].join('\n'),
  },
  {
    name: 'layers',
    file: WORKFLOW_FILE,
    code: [
      `import { createActivities } from '../../activities';`,
      `import { upsertProjection } from '../../activities/projection';`,
      `import { initModels } from '../../db/models';`,
      `import type { Activities } from '../../activities/contract';`,
      `import { PHASE_LABELS } from '../../domain/phases';`,
      `export const probe = [createActivities, upsertProjection, initModels, PHASE_LABELS];`,
      `export type A = Activities;`,
    ].join('\n'),
  },
  {
    name: 'clean',
    file: WORKFLOW_FILE,
    code: [`import { sleep } from '@temporalio/workflow';`, `export async function probeWorkflow(): Promise<void> {`, `  await sleep(1000);`, `}`].join('\n'),
  },
  {
    name: 'floating',
    file: WORKFLOW_FILE,
    code: [`import { sleep } from '@temporalio/workflow';`, `export async function probeWorkflow(): Promise<void> {`, `  sleep(1000);`, `}`].join('\n'),
  },
  { name: 'domain-fs', file: 'domain/lint-probe.ts', code: `import fs from 'fs';\nexport const size = fs.statSync('x').size;\n` },
  {
    name: 'domain-up',
    file: 'domain/lint-probe.ts',
    code: [`import { Sequelize } from 'sequelize';`, `import { initModels } from '../db/models';`, `export const probe = [Sequelize, initModels];`].join('\n'),
  },
  { name: 'db-up', file: 'db/lint-probe.ts', code: `import { app } from '../api/app';\nexport const probe = app;\n` },
  {
    name: 'ops-up',
    file: 'ops/lint-probe.ts',
    code: [
      `import { createActivities } from '../activities';`,
      `import { submissionWorkflow } from '../workflows/submission/workflow';`,
      `import { stateQuery } from '../workflows/submission/contract';`,
      `import { writeTransition } from '../db/projection';`,
      `export const probe = [createActivities, submissionWorkflow, stateQuery, writeTransition];`,
    ].join('\n'),
  },
  {
    name: 'activities-up',
    file: 'activities/lint-probe.ts',
    code: [`import { mapUpdateError } from '../api/projects/workflowGateway';`, `import { isWorkflowGone } from '../ops/workflowErrors';`, `export const probe = [mapUpdateError, isWorkflowGone];`].join('\n'),
  },
  {
    name: 'api-activity-code',
    file: 'api/routes/lint-probe.ts',
    code: [
      `import { createProjectionActivities } from '../../activities/projection';`,
      `import { actUpdate } from '../../workflows/submission/contract';`,
      `import { checkSubmission } from '../../ops/reconcile';`,
      `export const probe = [createProjectionActivities, actUpdate, checkSubmission];`,
    ].join('\n'),
  },
];

let results: Record<string, Finding[]>;
beforeAll(() => {
  results = lintAll(PROBES);
}, 300_000);

const restricted = (messages: Finding[]) => messages.filter((m) => m.rule === 'no-restricted-imports').map((m) => m.message);

describe('workflow code may not import what breaks determinism (eslint no-restricted-imports)', () => {
  it('refuses a Node built-in imported as "fs"', () => {
    const found = restricted(results.fs);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('Node built-in "fs" is not allowed in workflow code.');
  });

  it('refuses node:crypto, path, http and fs/promises', () => {
    const found = restricted(results.builtins);
    expect(found).toEqual([
      expect.stringContaining('Node built-ins are not allowed in workflow code.'),
      expect.stringContaining('Node built-in "path" is not allowed'),
      expect.stringContaining('Node built-in "http" is not allowed'),
      expect.stringContaining('Node built-in "fs/promises" is not allowed'),
    ]);
  });

  it('refuses sequelize, pg and the Temporal worker and client packages', () => {
    expect(restricted(results['io-packages'])).toEqual([
      expect.stringContaining('"sequelize" does I/O'),
      expect.stringContaining('"pg" does I/O'),
      expect.stringContaining('"@temporalio/worker" is not for workflow code'),
      expect.stringContaining('"@temporalio/client" is not for workflow code'),
    ]);
  });

  it('refuses activity bodies and the database layer, allows activities/contract and domain/', () => {
    expect(restricted(results.layers)).toEqual([
      expect.stringContaining('Workflow code may import only activities/contract'),
      expect.stringContaining('Workflow code may import only activities/contract'),
      expect.stringContaining('Workflow code may import only @temporalio/workflow, workflow contracts and pure domain/ code'),
    ]);
  });

  it('accepts a workflow that imports only @temporalio/workflow and awaits its promises', () => {
    expect(results.clean).toEqual([]);
  });

  it('refuses a promise left floating in a workflow (@typescript-eslint/no-floating-promises)', () => {
    expect(results.floating.map((m) => m.rule)).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('does not apply the ban outside workflows/', () => {
    expect(results['domain-fs'].map((m) => m.rule)).toEqual([]);
  });
});

describe('layers point one way: domain ← db ← ops ← activities/workflows ← api (eslint no-restricted-imports)', () => {
  it('refuses I/O packages and any layer above in domain/', () => {
    expect(restricted(results['domain-up'])).toEqual([
      expect.stringContaining('domain/ is below the code that does this kind of I/O; "sequelize" is not allowed here.'),
      expect.stringContaining('domain/ may not import db, ops'),
    ]);
  });

  it('refuses the API in db/ (the seed once hashed passwords through api/auth)', () => {
    expect(restricted(results['db-up'])).toEqual([expect.stringContaining('db/ may not import ops, activities, workflows, api')]);
  });

  it('lets ops/ use db/ and a workflow contract, never activities/ or a workflow body', () => {
    expect(restricted(results['ops-up'])).toEqual([
      expect.stringContaining('ops/ may not import activities, api'),
      expect.stringContaining('ops/ reaches a workflow only through its contract'),
    ]);
  });

  it('refuses the API in activities/ and lets activities use ops/', () => {
    expect(restricted(results['activities-up'])).toEqual([expect.stringContaining('activities/ may not import api')]);
  });

  it('keeps activity code out of the API, which uses ops/ and workflow contracts', () => {
    expect(restricted(results['api-activity-code'])).toEqual([expect.stringContaining('api/ may not import activities')]);
  });
});
