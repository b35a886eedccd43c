/**
 * Before the browser tests: build the admin UI (vite) so the stack serves the current code from admin-ui/dist,
 * then start PostgreSQL and Temporal exactly as the integration tier does (test/support/globalSetup.ts).
 * E2E_SKIP_UI_BUILD=1 skips the build when admin-ui/dist is known to be current (e.g. .ci/run built it).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import integrationSetup from '../support/globalSetup';
import { PROJECT_ROOT } from '../../infra/temporal';

function buildUi(): void {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    // The production build, as users get it: jest sets NODE_ENV=test, which would make vite build React's development
    // bundle (bigger, slower, and with development-only warnings in the console).
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_UI_BUILD !== '1') buildUi();
  await integrationSetup();
}
