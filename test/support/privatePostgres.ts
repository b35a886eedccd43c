/** Start/stop a private PostgreSQL through test/support/postgresProcess.ts (see there why it is a child process). */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { LocalPostgres } from '../../infra/postgres';
import { createDatabaseIfMissing } from '../../infra/postgres';

export function startPrivatePostgres(options: { dataDir: string; port: number }): Promise<LocalPostgres> {
  const child = fork(path.join(__dirname, 'postgresProcess.ts'), [options.dataDir, String(options.port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`private PostgreSQL exited with ${code}`)));
    child.on('message', (message: { ready?: boolean; adminUrl?: string; error?: string }) => {
      if (message.error) return reject(new Error(message.error));
      if (!message.ready || !message.adminUrl) return;
      child.removeAllListeners('exit');
      const adminUrl = message.adminUrl;
      const urlFor = (database: string) => adminUrl.replace(/\/postgres$/, `/${database}`);
      resolve({
        adminUrl,
        port: options.port,
        urlFor,
        createDatabase: (name) => createDatabaseIfMissing(adminUrl, name),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}
