/**
 * `npm run stack:cluster`: the production topology of docker-compose.yml on this machine, without Docker —
 * PostgreSQL, the Temporal server 1.32 on PostgreSQL (built from the Go module proxy on first use, ≈8 min), two
 * worker processes and two API processes started as compose starts them (infra/cluster.ts), and the demo accounts
 * (`npm run seed`, as an operator would). Ctrl-C stops everything, in order, each step bounded.
 *
 * Environment: CLUSTER_DATA_DIR (default .data/cluster; kept between runs), CLUSTER_API_PORTS (default "3001,3002";
 * "auto" picks free ports), CLUSTER_WORKERS / CLUSTER_APIS (default 2 each), CLUSTER_SEED=off to skip the demo data.
 * When everything is healthy it writes CLUSTER_DATA_DIR/cluster.json (addresses, process ids, log files) and prints
 * "[cluster] ready".
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCluster, type Cluster } from '../infra/cluster';
import { PROJECT_ROOT } from '../infra/temporal';
import { TEMPORAL_SERVER_VERSION } from '../infra/temporalServer';

const say = (line: string) => console.log(`[cluster] ${line}`);
/** A path as a person reads it: relative inside the project, absolute elsewhere. */
const shown = (p: string) => (p.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, p) : p);

export interface ClusterInfo {
  dataDir: string;
  databaseUrl: string;
  postgresAdminUrl: string;
  temporal: { address: string; namespace: string; version: string; logFile: string; environment: Record<string, string> };
  taskQueue: string;
  vars: Record<string, string>;
  apis: { name: string; url: string; pid: number; logFile: string; command: string[]; environment: Record<string, string> }[];
  workers: { name: string; pid: number; logFile: string; command: string[]; environment: Record<string, string> }[];
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = path.resolve(process.env.CLUSTER_DATA_DIR ?? path.join(PROJECT_ROOT, '.data', 'cluster'));
  const portsText = process.env.CLUSTER_API_PORTS ?? '3001,3002';
  const apiPorts = portsText === 'auto' ? [] : portsText.split(',').map(Number);
  let cluster: Cluster | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping APIs and workers, then Temporal, then PostgreSQL …');
    await cluster?.stop();
    say('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.stdout.on('error', () => undefined);

  try {
    cluster = await startCluster({
      dataDir,
      apis: Number(process.env.CLUSTER_APIS ?? 2),
      workers: Number(process.env.CLUSTER_WORKERS ?? 2),
      apiPorts,
      log: say,
    });
    if (process.env.CLUSTER_SEED !== 'off') {
      say('demo accounts and campaign: npm run seed');
      await runQuiet('npm', ['run', 'seed'], { ...process.env, DATABASE_URL: cluster.databaseUrl });
    }
    const info: ClusterInfo = {
      dataDir,
      databaseUrl: cluster.databaseUrl,
      postgresAdminUrl: cluster.pg.adminUrl,
      temporal: { address: cluster.temporal.address, namespace: cluster.temporal.namespace, version: TEMPORAL_SERVER_VERSION, logFile: cluster.temporal.logFile, environment: cluster.temporal.environment },
      taskQueue: cluster.vars.TEMPORAL_TASK_QUEUE ?? 'submissions',
      vars: cluster.vars,
      apis: cluster.apis.map((a) => ({ name: a.name, url: a.url!, pid: a.pid, logFile: a.logFile, command: a.command, environment: a.environment })),
      workers: cluster.workers.map((w) => ({ name: w.name, pid: w.pid, logFile: w.logFile, command: w.command, environment: w.environment })),
    };
    fs.writeFileSync(path.join(dataDir, 'cluster.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log('');
    console.log(`  生产拓扑（无 Docker）已启动（${seconds} 秒）：PostgreSQL ${cluster.pg.port}，Temporal ${TEMPORAL_SERVER_VERSION} ${cluster.temporal.address}`);
    for (const a of cluster.apis) console.log(`    ${a.name}  ${a.url}   (pid ${a.pid}, log ${shown(a.logFile)})`);
    for (const w of cluster.workers) console.log(`    ${w.name}  (pid ${w.pid}, log ${shown(w.logFile)})`);
    console.log('  按 Ctrl-C 停止。');
    console.log('');
    say('ready');
    // Report any application process that dies (the test kills some on purpose; compose would restart them).
    for (const p of [...cluster.apis, ...cluster.workers]) void p.exited.then((code) => !stopping && say(`${p.name} exited (${code})`));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

function runQuiet(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

void main();
