/**
 * `npm run temporal:server`: the production Temporal server (same version as docker-compose.yml) on PostgreSQL,
 * alone — for pointing `npm start`, a worker or a test at the real server instead of the development one:
 *   npm run temporal:server                # PostgreSQL + Temporal, data in .data/temporal-server; Ctrl-C stops
 *   npm run temporal:server -- --build     # only build (or find in .tools/) the server and its SQL tool
 * Then e.g. `TEMPORAL_ADDRESS=127.0.0.1:7233 TEMPORAL_NAMESPACE=factory5g npm start`.
 * TEMPORAL_PORT (default 7233) and PG_PORT (default 54339) choose the ports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLocalPostgres } from '../infra/postgres';
import { isPortInUse } from '../infra/ports';
import { PROJECT_ROOT } from '../infra/temporal';
import { ensureTemporalServerTools, localComposeVars, startTemporalServer, TEMPORAL_SERVER_VERSION } from '../infra/temporalServer';

const say = (line: string) => console.log(`[temporal-server] ${line}`);

async function main(): Promise<void> {
  if (process.argv.includes('--build')) {
    const tools = await ensureTemporalServerTools(say);
    say(`Temporal server ${TEMPORAL_SERVER_VERSION}: ${path.relative(PROJECT_ROOT, tools.server)}`);
    return;
  }
  const dataDir = path.join(PROJECT_ROOT, '.data', 'temporal-server');
  const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
  const pgPort = Number(process.env.PG_PORT ?? 54339);
  for (const port of [temporalPort, pgPort]) if (await isPortInUse(port)) throw new Error(`端口 ${port} 已被占用；可用 TEMPORAL_PORT / PG_PORT 指定其他端口`);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.chmodSync(dataDir, 0o755);
  const pg = await startLocalPostgres({ dataDir: path.join(dataDir, 'postgres'), port: pgPort });
  const admin = new URL(pg.adminUrl);
  let server: Awaited<ReturnType<typeof startTemporalServer>> | null = null;
  const stop = async (code: number) => {
    say('stopping …');
    await server?.stop();
    await pg.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    server = await startTemporalServer({
      pg: { host: '127.0.0.1', port: pgPort, superuser: decodeURIComponent(admin.username), superuserPassword: decodeURIComponent(admin.password) },
      vars: localComposeVars(path.join(dataDir, '.env')),
      logFile: path.join(dataDir, 'temporal.log'),
      port: temporalPort,
      log: say,
    });
    say(`ready: TEMPORAL_ADDRESS=${server.address} TEMPORAL_NAMESPACE=${server.namespace} (log ${path.relative(PROJECT_ROOT, server.logFile)}); Ctrl-C stops`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
