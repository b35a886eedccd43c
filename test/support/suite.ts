/**
 * The usual frame of an integration test file, written once: one stack for the file, everyone signed in (and, when
 * asked, a campaign of the file's own year), stopped after the file's last test and its uploads removed.
 *
 *   const suite = signedInSuite({ campaign: true });
 *   // in a test or a later beforeAll: suite.stack, suite.people, suite.year
 */
import fs from 'node:fs';
import { startStack, type Stack, type StackOptions } from './stack';
import { createCampaign, signInEveryone, type People } from './lifecycle';

export interface Suite {
  stack: Stack;
  people: People;
  /** The file's campaign year (only with `campaign: true`). */
  year: number;
}

export function signedInSuite(options: { campaign?: boolean; stack?: StackOptions } = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.stack = await startStack(options.stack);
    suite.people = await signInEveryone(suite.stack);
    if (options.campaign) suite.year = await createCampaign(suite.stack, suite.people.ministry);
  });
  afterAll(async () => {
    await suite.stack?.stop();
    if (suite.stack) fs.rmSync(suite.stack.env.UPLOAD_DIR, { recursive: true, force: true });
  });
  return suite;
}
