/**
 * 催办 as durable workflow timers (issue 11.4), on Temporal's time-skipping test server: the whole stack (API, worker,
 * projection, PostgreSQL) runs against it, and the test moves the server's clock forward instead of waiting days.
 *
 * A 初审 and a withdrawal request that begin on a Friday are not reminded three *calendar* days later (Monday), only
 * three *working* days later (the instant the API shows as 截止时间, from the Chinese calendar module): then each
 * office that must act gets one 站内信 per member and one e-mail, the queue marks the item 已超期, and nothing is sent
 * twice however long it stays untouched. The calendar itself (holidays, 调休, 国庆) is proved in domain/queue.test.ts
 * and domain/calendar.test.ts: this server starts at the current instant, past the years the holiday table covers.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startStack, type Stack } from '../support/stack';
import { createCampaign, completeProject, eventually, signInEveryone, type People } from '../support/lifecycle';
import { submit } from '../support/queue';
import { startTemporalTestServer, type TemporalTestServer } from '../../infra/temporalTestServer';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar';
import { BEIJING_OFFSET_MS } from '../../domain/time';

let server: TemporalTestServer;
let stack: Stack;
let env: TestWorkflowEnvironment;
let people: People;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The SDK builds a time-skipping environment over a running server only through its (untyped-public) factory. */
type Create = (options: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: boolean }) => Promise<TestWorkflowEnvironment>;

beforeAll(async () => {
  server = await startTemporalTestServer();
  stack = await startStack({ temporalAddress: server.address });
  const create = (TestWorkflowEnvironment as unknown as { create: Create }).create.bind(TestWorkflowEnvironment);
  env = await create({ server: { type: 'existing' }, address: server.address, namespace: stack.env.TEMPORAL_NAMESPACE, supportsTimeSkipping: true });
  people = await signInEveryone(stack);
  // Every reviewing office here has an e-mail address (the outbox writes one mail per office that has any).
  await stack.sequelize.query(`UPDATE users SET email = username || '@example.gov.cn' WHERE username IN ('gz_miit', 'gd_ca', 'gd_miit') AND email IS NULL`);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
  await server?.stop();
});

/** Moves the server's clock (and so every workflow timer) and the API's clock forward to `instant`. */
async function skipTo(instant: number): Promise<void> {
  const now = Number(await env.currentTimeMs());
  if (instant <= now) return;
  await env.sleep(instant - now);
  stack.clock.advance(instant - now);
  // Sessions end after 12 hours (issue 14): sign in again on the new day.
  people = await signInEveryone(stack);
}

/** The next Friday, 10:00 Beijing time, after the server's current instant. */
async function nextFridayMorning(): Promise<number> {
  const now = Number(await env.currentTimeMs());
  for (let day = 1; day <= 7; day++) {
    const date = shanghaiDate(new Date(now + day * DAY));
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === 5) return Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS + 10 * HOUR;
  }
  throw new Error('no Friday within a week');
}

async function titles(username: string, id: string): Promise<string[]> {
  const [rows] = await stack.sequelize.query('SELECT m.title FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = :username AND m.submission_id = :id ORDER BY m.id', {
    replacements: { username, id },
  });
  return (rows as { title: string }[]).map((r) => r.title);
}

/** The e-mails of the escalations of one submission: one per office. */
async function escalationMails(id: string): Promise<string[]> {
  const [rows] = await stack.sequelize.query(`SELECT dedupe_key FROM email_outbox WHERE dedupe_key LIKE :key ORDER BY dedupe_key`, { replacements: { key: `escalate:${id}:%` } });
  return (rows as { dedupe_key: string }[]).map((r) => r.dedupe_key.replace(/^escalate:[^:]+:\d+:/, ''));
}

async function queueItem(token: string, id: string): Promise<any> {
  const res = await stack.api('GET', '/api/queue?perPage=200', { token });
  expect(res.status).toBe(200);
  return res.body.data.find((item: { id: string }) => item.id === id);
}

describe('escalation timers on the working-day calendar', () => {
  let review: any;
  let withdrawal: any;
  let dueAt: number;

  beforeAll(async () => {
    const reviewYear = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
    const directYear = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const drafts = [await completeProject(stack, people.enterprise, reviewYear), await completeProject(stack, people.enterprise, directYear)];
    // Both steps begin on a Friday morning, so that three calendar days and three working days differ.
    await skipTo(await nextFridayMorning());
    review = await submit(stack, people.enterprise, drafts[0].id);
    withdrawal = await submit(stack, people.enterprise, drafts[1].id);
    const recommended = await stack.api('POST', `/api/projects/${withdrawal.id}/recommend`, { token: people.provinceCa, body: { formVersion: withdrawal.formVersion } });
    expect(recommended.status).toBe(200);
    const requested = await stack.api('POST', `/api/projects/${withdrawal.id}/withdraw`, { token: people.enterprise, body: { reason: '项目计划调整，申请撤回' } });
    expect(requested.status).toBe(200);
    expect(requested.body.phase).toBe('withdrawal_requested');
  }, 300_000);

  it('shows the 截止时间 3 working days after the step began, and no reminder before it', async () => {
    const city = await queueItem(people.city, review.id);
    const ca = await queueItem(people.provinceCa, withdrawal.id);
    expect(city).toMatchObject({ step: 'cityReview', overdue: false });
    expect(ca).toMatchObject({ step: 'withdrawal', overdue: false });
    dueAt = Math.max(Date.parse(city.dueAt), Date.parse(ca.dueAt));
    // 3 working days from the step's start, on the calendar module: from a Friday, past the weekend.
    for (const item of [city, ca]) {
      expect(Date.parse(item.dueAt)).toBe(addWorkingDays(new Date(item.since), 3).getTime());
      expect(Date.parse(item.dueAt) - Date.parse(item.since)).toBeGreaterThanOrEqual(5 * DAY);
    }
    // Monday: three calendar days have passed, but one working day only.
    await skipTo(Date.parse(city.dueAt) - 2 * DAY + 2 * HOUR);
    expect(await titles('gz_miit', review.id)).not.toContain('初审催办');
    // A minute before the instant: still nothing.
    await skipTo(Math.min(Date.parse(city.dueAt), Date.parse(ca.dueAt)) - 60_000);
    expect(await titles('gz_miit', review.id)).not.toContain('初审催办');
    expect(await titles('gd_ca', withdrawal.id)).not.toContain('撤回申请催办');
    expect(await escalationMails(review.id)).toEqual([]);
    expect(await escalationMails(withdrawal.id)).toEqual([]);
  });

  it('reminds every office that must act once it has passed, and marks the item 已超期 in its queue', async () => {
    await skipTo(dueAt + 60_000);
    const cityTitles = await eventually(() => titles('gz_miit', review.id), (list) => list.includes('初审催办'), 60_000);
    expect(cityTitles.filter((t) => t === '初审催办')).toHaveLength(1);
    // A withdrawal request waits for both provincial authorities: both are reminded.
    for (const username of ['gd_ca', 'gd_miit']) {
      const list = await eventually(() => titles(username, withdrawal.id), (each) => each.includes('撤回申请催办'), 60_000);
      expect(list.filter((t) => t === '撤回申请催办')).toHaveLength(1);
    }
    expect(await escalationMails(review.id)).toEqual(['city_miit:440100']);
    expect(await escalationMails(withdrawal.id)).toEqual(['province_ca:440000', 'province_miit:440000']);
    expect(await queueItem(people.city, review.id)).toMatchObject({ overdue: true });
    expect(await queueItem(people.provinceMiit, withdrawal.id)).toMatchObject({ overdue: true });
    const overdueOnly = await stack.api('GET', '/api/queue?overdue=true', { token: people.provinceCa });
    expect(overdueOnly.body.data.map((item: { id: string }) => item.id)).toContain(withdrawal.id);
    // The project's history says so.
    const history = await stack.api('GET', `/api/projects/${withdrawal.id}`, { token: people.provinceCa });
    expect(history.body.history.map((event: { action: string }) => event.action)).toContain('escalate');
  });

  it('does not remind again however long the item stays untouched', async () => {
    await skipTo(dueAt + 7 * DAY);
    // Anything the worker still had to do for the week skipped is done once the project answers an action.
    const ping = await stack.api('GET', `/api/projects/${review.id}`, { token: people.city });
    expect(ping.status).toBe(200);
    expect((await titles('gz_miit', review.id)).filter((t) => t === '初审催办')).toHaveLength(1);
    expect((await titles('gd_ca', withdrawal.id)).filter((t) => t === '撤回申请催办')).toHaveLength(1);
    expect(await escalationMails(review.id)).toEqual(['city_miit:440100']);
    expect(await escalationMails(withdrawal.id)).toEqual(['province_ca:440000', 'province_miit:440000']);
  });
});
