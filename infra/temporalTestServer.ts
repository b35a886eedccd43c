/**
 * Temporal's time-skipping test server, for workflow tests whose timers are days long (escalations on the working-day
 * calendar, deadlines). It is the Java SDK's `temporal-test-server` (the same server the SDKs' TestWorkflowEnvironment
 * downloads as a native binary, which cannot be fetched here), taken from Maven Central with its dependencies into
 * .tools/temporal-test-server-<version>/lib and run on the JVM. Installed on demand by Maven; .ci/run calls
 * ensureTemporalTestServer through the integration tier like any other test need.
 *
 * The server starts at the current instant with time skipping locked (as the SDK's TestWorkflowEnvironment expects): time
 * moves on by itself and jumps forward only when a test asks (TestWorkflowEnvironment.sleep), firing every timer due on
 * the way.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PROJECT_ROOT, SEARCH_ATTRIBUTES } from './temporal';
import { freePort, waitForPort } from './ports';
import { stopHandle } from './processes';

/** io.temporal:temporal-test-server (Java SDK release). */
export const TEMPORAL_TEST_SERVER_VERSION = '1.31.0';

export function temporalTestServerDir(version = TEMPORAL_TEST_SERVER_VERSION): string {
  return path.join(PROJECT_ROOT, '.tools', `temporal-test-server-${version}`);
}

const POM = (version: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${version}</version></dependency>
  </dependencies>
</project>
`;

/** The folder of jars (the server and its dependencies), fetched by Maven the first time. */
export function ensureTemporalTestServer(log: (line: string) => void = console.log): string {
  const dir = temporalTestServerDir();
  const lib = path.join(dir, 'lib');
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === TEMPORAL_TEST_SERVER_VERSION) return lib;
  for (const tool of ['java', 'mvn']) {
    if (spawnSync(tool, ['-version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error(`需要 ${tool}（OpenJDK 17 与 Maven）来获取 Temporal 时间跳跃测试服务器 / ${tool} is needed for the time-skipping test server`);
    }
  }
  log(`正在从 Maven Central 获取 Temporal 时间跳跃测试服务器 (io.temporal:temporal-test-server ${TEMPORAL_TEST_SERVER_VERSION}) …`);
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  fs.writeFileSync(path.join(partial, 'pom.xml'), POM(TEMPORAL_TEST_SERVER_VERSION));
  const result = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib'], { cwd: partial, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Maven 获取 temporal-test-server 失败（退出码 ${result.status}）`);
  fs.writeFileSync(path.join(partial, '.complete'), TEMPORAL_TEST_SERVER_VERSION);
  // Another process may have finished the same install meanwhile: either copy is complete.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return lib;
}

export interface TemporalTestServer {
  address: string;
  stop(): Promise<void>;
}

/** The search attributes of deploy/temporal/search-attributes, as every other server here has them. */
async function registerSearchAttributes(address: string, namespace: string): Promise<void> {
  const types = temporal.api.enums.v1.IndexedValueType as unknown as Record<string, temporal.api.enums.v1.IndexedValueType>;
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    const value = types[`INDEXED_VALUE_TYPE_${type.toUpperCase()}`];
    if (value === undefined) throw new Error(`deploy/temporal/search-attributes: unknown type ${type} of ${name}`);
    searchAttributes[name] = value;
  }
  const connection = await Connection.connect({ address });
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } finally {
    await connection.close();
  }
}

/**
 * Starts a time-skipping test server on a free port, with the project's search attributes in `namespace`; at the current
 * instant, or at `startAt` (through infra/TemporalTestServerAt.java, the same server given an initial time) for a test
 * that must live through given dates, e.g. a holiday of the calendar table.
 */
export async function startTemporalTestServer(options: { logFile?: string; namespace?: string; startAt?: Date } = {}): Promise<TemporalTestServer> {
  const namespace = options.namespace ?? 'default';
  const lib = ensureTemporalTestServer();
  const port = await freePort();
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const main = options.startAt
    ? [path.join(PROJECT_ROOT, 'infra', 'TemporalTestServerAt.java'), String(port), String(options.startAt.getTime())]
    : ['io.temporal.testserver.TestServer', String(port)];
  const child = spawn('java', ['-cp', `${lib}${path.sep}*`, ...main], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  const handle = stopHandle(child, 10_000);
  await Promise.race([
    // The JVM takes a few seconds to start (and to compile the launcher given startAt), more on a busy machine.
    waitForPort(port, '127.0.0.1', 120_000),
    handle.exited.then((code) => {
      throw new Error(`temporal test server exited with ${code}`);
    }),
  ]);
  const address = `127.0.0.1:${port}`;
  await registerSearchAttributes(address, namespace);
  return { address, stop: handle.stop };
}
