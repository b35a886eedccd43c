/**
 * 保存的筛选 kept on the server (issue 11): a user's named filters follow them to any browser, are theirs alone,
 * replace one of the same name, are bounded in number, and bad input is refused naming the field in Chinese.
 */
import { signedInSuite } from '../support/suite';
import { MAX_SAVED_FILTERS } from '../../api/routes/savedFilters';

const suite = signedInSuite({ stack: { withWorker: false } });

const save = (token: string, body: unknown) => suite.stack.api('POST', '/api/saved-filters', { token, body });
const listOf = async (token: string, resource = 'projects') => {
  const res = await suite.stack.api('GET', `/api/saved-filters?resource=${resource}`, { token });
  expect(res.status).toBe(200);
  return res.body.data as { id: string; name: string; filter: Record<string, unknown> }[];
};

it('keeps a named filter for the user, in any new session, and replaces one of the same name', async () => {
  const { people, stack } = suite;
  const saved = await save(people.provinceCa, { resource: 'projects', name: '广州待推荐', filter: { phase: ['submitted'], region: '440100' } });
  expect(saved.status).toBe(201);
  expect(saved.body).toMatchObject({ name: '广州待推荐', filter: { phase: ['submitted'], region: '440100' } });
  // Another sign-in (another browser) finds it.
  const elsewhere = await stack.login('gd_ca');
  expect(await listOf(elsewhere)).toEqual([expect.objectContaining({ id: saved.body.id, name: '广州待推荐' })]);
  const replaced = await save(elsewhere, { resource: 'projects', name: '广州待推荐', filter: { phase: ['submitted', 'partially_recommended'] } });
  expect(replaced.status).toBe(201);
  expect(replaced.body.id).toBe(saved.body.id);
  expect(await listOf(people.provinceCa)).toEqual([expect.objectContaining({ name: '广州待推荐', filter: { phase: ['submitted', 'partially_recommended'] } })]);
  // Each list has its own.
  expect(await listOf(people.provinceCa, 'queue')).toEqual([]);
});

it('is the user’s alone: a colleague neither sees nor deletes it', async () => {
  const { people, stack } = suite;
  const mine = await save(people.provinceMiit, { resource: 'queue', name: '已超期', filter: { overdue: true } });
  expect(mine.status).toBe(201);
  expect(await listOf(people.provinceCa, 'queue')).toEqual([]);
  const foreign = await stack.api('DELETE', `/api/saved-filters/${mine.body.id}`, { token: people.provinceCa });
  expect(foreign.status).toBe(404);
  expect(await listOf(people.provinceMiit, 'queue')).toHaveLength(1);
  const deleted = await stack.api('DELETE', `/api/saved-filters/${mine.body.id}`, { token: people.provinceMiit });
  expect(deleted.status).toBeLessThan(300);
  expect(await listOf(people.provinceMiit, 'queue')).toEqual([]);
});

it(`keeps at most ${MAX_SAVED_FILTERS} per list, and refuses bad input naming the field`, async () => {
  const { people } = suite;
  for (let i = 1; i <= MAX_SAVED_FILTERS; i++) expect((await save(people.city, { resource: 'projects', name: `筛选${i}`, filter: { name: `项目${i}` } })).status).toBe(201);
  const over = await save(people.city, { resource: 'projects', name: '再多一个', filter: { name: '项目' } });
  expect(over.status).toBe(422);
  expect(over.body.error.details).toEqual([expect.objectContaining({ path: 'name', message: `最多保存${MAX_SAVED_FILTERS}个筛选` })]);
  // Saving again under a name already kept replaces it, even at the limit.
  expect((await save(people.city, { resource: 'projects', name: '筛选1', filter: { name: '新的' } })).status).toBe(201);
  expect(await listOf(people.city)).toHaveLength(MAX_SAVED_FILTERS);

  const refused = await Promise.all([
    save(people.city, { resource: 'projects', name: '  ', filter: { name: '项目' } }),
    save(people.city, { resource: 'users', name: '账号', filter: { name: '项目' } }),
    save(people.city, { resource: 'projects', name: '空的', filter: {} }),
    save(people.city, { resource: 'projects', name: '对象', filter: { region: { nested: '440100' } } }),
  ]);
  expect(refused.map((r) => r.status)).toEqual([422, 422, 422, 422]);
  expect(refused.map((r) => r.body.error.details[0].path)).toEqual(['name', 'resource', 'filter', 'filter.region']);
  expect(refused[0]!.body.error.details[0].message).toBe('请填写筛选名称');
  expect(await listOf(people.city)).toHaveLength(MAX_SAVED_FILTERS);
});
