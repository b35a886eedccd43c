/**
 * Workflow versioning (issue 8): the recorded histories of every workflow type replay against the current workflow
 * code. A change that would break running workflows (a new, removed or reordered command without `patched()`) makes
 * the replay throw a non-determinism error, and this test fails.
 *
 * The histories are recorded by test/support/recordHistories.ts:
 *   RECORD_HISTORIES=1 npx jest --config jest.integration.config.js test/integration/replay.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { HISTORIES_DIR, recordHistories } from '../support/recordHistories';
import * as workflows from '../../workflows';

/**
 * The workflow types the worker runs: the functions its workflow bundle exports (workflows/index.ts, the bundle's
 * entry) — not a list kept here, so a new workflow type without a recorded history fails the test below.
 */
const WORKFLOW_TYPES = Object.entries(workflows)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

const recording = process.env.RECORD_HISTORIES === '1';
/** REPLAY_WORKFLOW_BUNDLE replays against another build (e.g. a candidate change) instead of the run's bundle. */
const bundlePath = process.env.REPLAY_WORKFLOW_BUNDLE ?? process.env.TEST_WORKFLOW_BUNDLE!;

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Already installed by another test in this process.
  }
});

(recording ? test : test.skip)('records the histories (RECORD_HISTORIES=1)', async () => {
  const { startStack } = await import('../support/stack');
  const stack = await startStack();
  try {
    const files = await recordHistories(stack);
    expect(files.length).toBeGreaterThan(0);
  } finally {
    await stack.stop();
  }
}, 600_000);

type History = proto.temporal.api.history.v1.IHistory;

/**
 * JSON history (the Temporal CLI's format) → History. The SDK's own historyFromJSON fails here because
 * @temporalio/common and @temporalio/proto each carry their own copy of protobufjs (a type from one copy is not a
 * `Type` for the other), so this uses the protojson extension of the copy that built the proto root.
 */
async function historyFromJSON(json: unknown): Promise<History> {
  const protojson = await import(require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto/package.json'))] }));
  const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

async function recorded(): Promise<{ name: string; workflowId: string; type: string; history: History }[]> {
  const files = fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return Promise.all(
    files.map(async (f) => {
      const { workflowId, history: json } = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'));
      const history = await historyFromJSON(json);
      const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
      return { name: f, workflowId, type, history };
    }),
  );
}

test('there is a recorded history for every workflow type the worker runs', async () => {
  const types = new Set((await recorded()).map((h) => h.type));
  expect(WORKFLOW_TYPES.length).toBeGreaterThanOrEqual(4);
  expect([...types].sort()).toEqual(WORKFLOW_TYPES);
});

test('every recorded history replays against the current workflow code without non-determinism', async () => {
  const histories = await recorded();
  const results: { name: string; error: string | null }[] = [];
  const replays = Worker.runReplayHistories(
    { workflowBundle: { codePath: bundlePath }, replayName: 'replay-test' },
    // Labelled by file: two recordings may share a workflow id (campaign:<year> in different recording runs).
    histories.map((h) => ({ workflowId: h.name, history: h.history })),
  );
  for await (const result of replays) {
    const name = result.workflowId;
    results.push({ name, error: result.error ? String(result.error.cause ?? result.error.message) : null });
  }
  expect(results).toEqual(histories.map((h) => ({ name: h.name, error: null })));
}, 60_000);
