/**
 * Reminders 7 days and 1 day before each deadline go to whoever has pending work (SPEC §3): an in-app message and an
 * e-mail outbox row, once.
 */
import type { Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { createCampaign, completeProject, submittedProject, eventually, type People } from '../support/lifecycle';

let stack: Stack;
let people: People;
const suite = signedInSuite();
beforeAll(() => ({ stack, people } = suite));

const DAY = 24 * 3600_000;

test('7 days before the submission deadline the enterprise with a draft gets a message and an e-mail, once', async () => {
  await stack.sequelize.query("UPDATE users SET email = 'li.ming@example.cn' WHERE username = 'gzfactory'");
  // The 7-day reminder of this deadline falls due 20 s from now: time to create the draft first, even on a busy machine.
  const year = await createCampaign(stack, people.ministry, { submissionInMs: 7 * DAY + 20_000, recommendationInMs: 20 * DAY });
  await completeProject(stack, people.enterprise, year);
  const read = async () => {
    const [rows] = await stack.sequelize.query("SELECT m.title, m.body FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'gzfactory' AND m.title = '申报截止提醒'");
    return rows as { title: string; body: string }[];
  };
  const messages = await eventually(read, (rows) => rows.length > 0, 60_000);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.body).toMatch(/^您有1个项目尚未提交，申报将于\d{4}-\d{2}-\d{2} \d{2}:\d{2}截止，请及时完成填报并提交。$/);
  const [mails] = await stack.sequelize.query("SELECT to_address, subject FROM email_outbox WHERE subject = '【5G工厂名录】申报截止提醒'");
  expect(mails).toEqual([{ to_address: 'li.ming@example.cn', subject: '【5G工厂名录】申报截止提醒' }]);
  const unread = await stack.api('GET', '/api/messages?unread=true', { token: people.enterprise });
  expect(unread.status).toBe(200);
  expect(unread.body.data.map((m: { title: string }) => m.title)).toContain('申报截止提醒');
}, 120_000);

test('moving a deadline reaches every open workflow of the year at once', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const projects = await Promise.all([submittedProject(stack, people.enterprise, year), submittedProject(stack, people.enterprise, year), completeProject(stack, people.enterprise, year)]);
  const extended = new Date(Date.now() + 50 * DAY).toISOString();
  const patch = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { recommendationDeadline: extended } });
  expect(patch.status).toBe(200);
  expect(patch.body.deadlinesVersion).toBe(2);
  for (const p of projects) {
    const view = await eventually(
      () => stack.api('GET', `/api/projects/${p.id}`, { token: people.enterprise }),
      (r) => r.body.deadlines?.recommendation === extended,
      15_000,
    );
    expect(view.body.deadlines.recommendation).toBe(extended);
    expect(view.body.history.at(-1)).toMatchObject({ action: 'deadlinesChanged', actionLabel: '截止时间调整', actorRoleLabel: '系统' });
  }
  const bad = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { submissionDeadline: new Date(Date.parse(extended) + DAY).toISOString() } });
  expect(bad.status).toBe(422);
  expect(bad.body.error.details).toContainEqual({ path: 'recommendationDeadline', message: '推荐截止时间须晚于申报截止时间' });
  const notMinistry = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.provinceMiit, body: { publicityDays: 5 } });
  expect(notMinistry.status).toBe(403);
  expect(notMinistry.body.error.message).toBe('只有工业和信息化部可以管理申报批次');
}, 60_000);
