/**
 * 初审 reminders per province (issue 15.6): each province has its own 市级初审 deadline, and each city office is reminded
 * of its own province's date only — not of every province's. Days-away deadlines on the time-skipping server.
 */
import { createCampaign, completeDraftsInBulk, eventually } from '../support/lifecycle';
import { timeSkippingSuite } from '../support/timeSkipping';
import { beijingText } from '../../domain/time';
import { campaignStatusQuery, campaignWorkflowId } from '../../workflows/campaign/contract';

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

const ts = timeSkippingSuite();

test('each city office is reminded of its own province’s 初审 deadline, and only of that', async () => {
  const { stack } = ts;
  // A second city office, in 苏州 (江苏省).
  await stack.sequelize.query(
    `INSERT INTO users (id, username, password_hash, name, role, province_code, city_code, org_name, status)
     SELECT gen_random_uuid(), 'sz_miit', password_hash, '周静', 'city_miit', '320000', '320500', '苏州市工业和信息化局', 'active' FROM users WHERE username = 'gz_miit'`,
  );
  const now = await ts.now();
  const year = await createCampaign(stack, ts.people.ministry, { submissionInMs: 5 * DAY, recommendationInMs: 20 * DAY, cityReviewInMs: 10 * DAY });
  const guangdong = new Date(now + 10 * DAY).toISOString();
  const jiangsu = new Date(now + 12 * DAY).toISOString();
  const ministry = ts.people.ministry;
  const settings = { '440000': { cityReviewRequired: true, cityReviewDeadline: guangdong }, '320000': { cityReviewRequired: true, cityReviewDeadline: jiangsu } };
  expect((await stack.api('PATCH', `/api/campaigns/${year}`, { token: ministry, body: { provinceSettings: settings } })).status).toBe(200);

  // One project awaiting 初审 in 广州, one in 苏州.
  const [gz, sz] = await completeDraftsInBulk(stack, ts.people.enterprise, year, 2);
  const info = (await stack.api('GET', `/api/projects/${sz!.id}`, { token: ts.people.enterprise })).body.sections.projectInfo;
  const moved = await stack.api('PUT', `/api/projects/${sz!.id}/sections/projectInfo`, {
    token: ts.people.enterprise,
    body: { ...info, address: { provinceCode: '320000', cityCode: '320500', districtCode: '320505' }, addressDetail: '苏州市虎丘区科技城' },
  });
  expect(moved.status).toBe(200);
  for (const p of [gz!, sz!]) expect((await stack.api('POST', `/api/projects/${p.id}/submit`, { token: ts.people.enterprise })).status).toBe(200);

  // The campaign workflow has planned from the change: its next reminder is 广东's 7 days ahead.
  const campaign = stack.temporal.client.workflow.getHandle(campaignWorkflowId(year));
  const planned = await eventually(() => campaign.query(campaignStatusQuery), (s) => s.nextReminder !== null && Date.parse(s.nextReminder) === Date.parse(guangdong) - 7 * DAY, 60_000);
  expect(Date.parse(planned.nextReminder!)).toBe(Date.parse(guangdong) - 7 * DAY);

  // Past both provinces' 7-day reminders.
  await ts.skipTo(Date.parse(jiangsu) - 7 * DAY + MINUTE);
  const reminders = async (username: string) => {
    const [rows] = await stack.sequelize.query(
      "SELECT m.body FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = :username AND m.title = '市级初审截止提醒' AND m.dedupe_key LIKE :key ORDER BY m.id",
      { replacements: { username, key: `reminder:${year}:%` } },
    );
    return (rows as { body: string }[]).map((r) => r.body);
  };
  const both = await eventually(async () => [await reminders('gz_miit'), await reminders('sz_miit')], ([a, b]) => a!.length > 0 && b!.length > 0, 60_000);
  // The 江苏 reminder is the later one: once it is there, a 广东 date sent to 苏州 (or the reverse) would be too.
  expect(both).toEqual([
    [`您有1个项目待初审，初审将于${beijingText(guangdong)}截止，请及时处理。`],
    [`您有1个项目待初审，初审将于${beijingText(jiangsu)}截止，请及时处理。`],
  ]);
}, 600_000);
