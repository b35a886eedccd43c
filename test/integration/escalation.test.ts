/**
 * 催办 as durable workflow timers (issue 11.4), on Temporal's time-skipping test server: the whole stack (API, worker,
 * projection, PostgreSQL) runs against it, and the test moves the server's clock forward instead of waiting days.
 *
 * The server starts on Monday 2026-09-28, just before 国庆 (10月1日–7日, 调休上班 on Saturday 10月10日), so the timers
 * live through the holiday of the Chinese calendar module:
 * - a 初审 that begins on 9月30日 is due 3 *working* days later, on the 调休 Saturday 10月10日 — not on 10月5日, as a count
 *   of weekdays would have it — and only then is the city reminded and the item marked 已超期;
 * - an expert who has not scored is reminded 2 working days before the review deadline (Friday 10月9日 17:00), i.e. on
 *   9月30日 17:00 before the holiday, not on 10月7日;
 * - a 初审 and a withdrawal request that begin on a Friday after the holiday are not reminded three *calendar* days
 *   later (Monday), only three working days later; each office that must act gets one 站内信 per member and one
 *   e-mail, the queue marks the item 已超期, and nothing is sent twice however long it stays untouched.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startStack, type Stack } from '../support/stack';
import { createCampaign, completeProject, eventually, signInEveryone, type People } from '../support/lifecycle';
import { submit } from '../support/queue';
import { startTemporalTestServer, type TemporalTestServer } from '../../infra/temporalTestServer';
import { addWorkingDays, shanghaiDate, subtractWorkingDays } from '../../domain/calendar';
import { BEIJING_OFFSET_MS } from '../../domain/time';

let server: TemporalTestServer;
let stack: Stack;
let env: TestWorkflowEnvironment;
let people: People;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The SDK builds a time-skipping environment over a running server only through its (untyped-public) factory. */
type Create = (options: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: boolean }) => Promise<TestWorkflowEnvironment>;

/** Monday 2026-09-28 09:00 Beijing time: the working week before 国庆. */
const START = new Date('2026-09-28T09:00:00+08:00');
const beijing = (text: string) => Date.parse(`${text}+08:00`);

beforeAll(async () => {
  server = await startTemporalTestServer({ startAt: START });
  stack = await startStack({ temporalAddress: server.address });
  const create = (TestWorkflowEnvironment as unknown as { create: Create }).create.bind(TestWorkflowEnvironment);
  env = await create({ server: { type: 'existing' }, address: server.address, namespace: stack.env.TEMPORAL_NAMESPACE, supportsTimeSkipping: true });
  // The API's clock reads the server's time from here on (skipTo moves both).
  stack.clock.advance(Number(await env.currentTimeMs()) - stack.clock.now().getTime());
  people = await signInEveryone(stack);
  // Every reviewing office here has an e-mail address (the outbox writes one mail per office that has any).
  await stack.sequelize.query(`UPDATE users SET email = username || '@example.gov.cn' WHERE username IN ('gz_miit', 'gd_ca', 'gd_miit', 'expert1') AND email IS NULL`);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
  await server?.stop();
});

/** Moves the server's clock (and so every workflow timer) and the API's clock forward to `instant`. */
async function skipTo(instant: number): Promise<void> {
  const now = Number(await env.currentTimeMs());
  if (instant <= now) throw new Error(`the test is already past ${new Date(instant).toISOString()} (server at ${new Date(now).toISOString()})`);
  await env.sleep(instant - now);
  stack.clock.advance(Number(await env.currentTimeMs()) - stack.clock.now().getTime());
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

describe('across 国庆: the expert reminder and a 初审 that begins the day before the holiday', () => {
  let review: any;
  let scoring: any;
  let expertId: string;
  const expertReview = beijing('2026-10-09T17:00:00');
  const remindAt = subtractWorkingDays(new Date(expertReview), 2).getTime();

  beforeAll(async () => {
    const reviewYear = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
    const expertYear = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const drafts = [await completeProject(stack, people.enterprise, reviewYear), await completeProject(stack, people.enterprise, expertYear)];
    // A project recommended by both authorities reaches 部级评审 at the recommendation deadline, and gets an expert.
    scoring = await submit(stack, people.enterprise, drafts[1].id);
    for (const token of [people.provinceCa, people.provinceMiit]) {
      const recommended = await stack.api('POST', `/api/projects/${scoring.id}/recommend`, { token, body: { formVersion: scoring.formVersion } });
      expect(recommended.status).toBe(200);
    }
    const now = Number(await env.currentTimeMs());
    const moved = await stack.api('PATCH', `/api/campaigns/${expertYear}`, {
      token: people.ministry,
      body: {
        submissionDeadline: new Date(now + 30 * 60_000).toISOString(),
        recommendationDeadline: new Date(now + 60 * 60_000).toISOString(),
        provinceSettings: { '440000': { cityReviewRequired: false, cityReviewDeadline: null } },
        expertReviewDeadline: new Date(expertReview).toISOString(),
      },
    });
    expect([moved.status, moved.body]).toEqual([200, expect.anything()]);
    await skipTo(now + 61 * 60_000);
    await eventually(() => stack.api('GET', `/api/projects/${scoring.id}`, { token: people.ministry }), (r) => r.body.phase === 'ministry_review', 60_000);
    const [experts] = await stack.sequelize.query("SELECT id FROM users WHERE username = 'expert1'");
    expertId = (experts as { id: string }[])[0]!.id;
    const assigned = await stack.api('POST', `/api/projects/${scoring.id}/experts`, { token: people.ministry, body: { expertIds: [expertId] } });
    expect(assigned.status).toBe(200);
    // The 初审 begins on Wednesday 9月30日, the last working day before the holiday.
    await skipTo(beijing('2026-09-30T10:00:00'));
    review = await submit(stack, people.enterprise, drafts[0].id);
  }, 300_000);

  it('counts the 初审 deadline past the holiday to the 调休 Saturday 10月10日', async () => {
    const city = await queueItem(people.city, review.id);
    expect(city).toMatchObject({ step: 'cityReview', overdue: false });
    expect(Date.parse(city.dueAt)).toBe(addWorkingDays(new Date(city.since), 3).getTime());
    expect(shanghaiDate(new Date(city.dueAt))).toBe('2026-10-10');
  });

  it('reminds the expert 2 working days before the review deadline: before the holiday, once', async () => {
    expect(shanghaiDate(new Date(remindAt))).toBe('2026-09-30');
    expect(await queueItem(people.expert, scoring.id)).toMatchObject({ step: 'score' });
    await skipTo(remindAt - 60_000);
    expect(await titles('expert1', scoring.id)).not.toContain('评审截止提醒');
    await skipTo(remindAt + 60_000);
    const list = await eventually(() => titles('expert1', scoring.id), (each) => each.includes('评审截止提醒'), 60_000);
    expect(list.filter((t) => t === '评审截止提醒')).toHaveLength(1);
    expect(await escalationMails(scoring.id)).toEqual([`expert:${expertId}`]);
  });

  it('does not remind the city during the holiday, and does on 10月10日 when 3 working days have passed', async () => {
    // 10月5日: three weekdays after 9月30日 (a count without the holiday would be overdue by now).
    await skipTo(beijing('2026-10-05T12:00:00'));
    expect(await titles('gz_miit', review.id)).not.toContain('初审催办');
    expect(await queueItem(people.city, review.id)).toMatchObject({ overdue: false });
    const dueAt = Date.parse((await queueItem(people.city, review.id)).dueAt);
    await skipTo(dueAt - 60_000);
    expect(await titles('gz_miit', review.id)).not.toContain('初审催办');
    await skipTo(dueAt + 60_000);
    const list = await eventually(() => titles('gz_miit', review.id), (each) => each.includes('初审催办'), 60_000);
    expect(list.filter((t) => t === '初审催办')).toHaveLength(1);
    expect(await queueItem(people.city, review.id)).toMatchObject({ overdue: true });
    // The expert's reminder stays one.
    expect((await titles('expert1', scoring.id)).filter((t) => t === '评审截止提醒')).toHaveLength(1);
  });
});

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
