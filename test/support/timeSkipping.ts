/**
 * The whole stack (API, worker, projection, PostgreSQL) on Temporal's time-skipping test server (infra/temporalTestServer.ts):
 * a test moves the server's clock — and so every workflow timer — and the API's clock forward instead of waiting days.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startStack, type Stack } from './stack';
import { signInEveryone, type People } from './lifecycle';
import { startTemporalTestServer, type TemporalTestServer } from '../../infra/temporalTestServer';

/** The SDK builds a time-skipping environment over a running server only through its (untyped-public) factory. */
type Create = (options: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: boolean }) => Promise<TestWorkflowEnvironment>;

export interface TimeSkippingStack {
  stack: Stack;
  env: TestWorkflowEnvironment;
  /** Signed in again after every skip (sessions end after 12 hours). */
  people: People;
  /** The server's current instant (ms). */
  now(): Promise<number>;
  /** Moves both clocks forward to `instant` (nothing when it has passed) and signs everyone in again. */
  skipTo(instant: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTimeSkippingStack(): Promise<TimeSkippingStack> {
  const server: TemporalTestServer = await startTemporalTestServer();
  const stack = await startStack({ temporalAddress: server.address });
  const create = (TestWorkflowEnvironment as unknown as { create: Create }).create.bind(TestWorkflowEnvironment);
  const env = await create({ server: { type: 'existing' }, address: server.address, namespace: stack.env.TEMPORAL_NAMESPACE, supportsTimeSkipping: true });
  const ts: TimeSkippingStack = {
    stack,
    env,
    people: await signInEveryone(stack),
    now: async () => Number(await env.currentTimeMs()),
    skipTo: async (instant) => {
      const now = await ts.now();
      if (instant <= now) return;
      await env.sleep(instant - now);
      stack.clock.advance(instant - now);
      ts.people = await signInEveryone(stack);
    },
    stop: async () => {
      await stack.stop();
      await env.teardown();
      await server.stop();
    },
  };
  return ts;
}

/**
 * The frame of a time-skipping test file: one such stack for the file, started before its first test (5 minutes at
 * most) and stopped after its last. The answer reads the running stack, so `ts.people` is the latest sign-in.
 */
export function timeSkippingSuite(): TimeSkippingStack {
  let started: TimeSkippingStack | undefined;
  beforeAll(async () => {
    started = await startTimeSkippingStack();
  }, 300_000);
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): TimeSkippingStack => {
    if (!started) throw new Error('the time-skipping stack starts in beforeAll');
    return started;
  };
  return {
    get stack() {
      return running().stack;
    },
    get env() {
      return running().env;
    },
    get people() {
      return running().people;
    },
    now: () => running().now(),
    skipTo: (instant) => running().skipTo(instant),
    stop: () => running().stop(),
  };
}
