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
