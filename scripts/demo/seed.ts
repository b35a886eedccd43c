/**
 * Produces the demo of scripts/demo/plan.ts through the real API (HTTP, as each demo account) and therefore the real
 * workflows: nothing is written into the projection directly. Deadlines in the past are reached the way the rules
 * allow: last year's campaign is created with deadlines ahead, its projects are driven up to the deadline, then the
 * ministry moves the deadlines (and later the end of the publicity period) to last year's dates — the workflows' timers
 * fire at once and move the projects on.
 *
 * Idempotent and resumable: every step looks at the project first and acts only from the phase it expects, so a start
 * interrupted half-way continues where it stopped, and a completed demo (its last step is the objection filed in the
 * second publicity round) is recognised with two requests.
 */
import { DEMO_ACCOUNTS, DEMO_MORE_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from '../../db/seed';
import { defaultCampaignDeadlines, shanghaiInstant, specDeadlines } from '../../domain/campaign';
import { exampleForm } from '../../domain/form/example';
import { exampleEnterpriseProfile } from '../../domain/form/enterpriseProfile';
import { SECTION_KEYS } from '../../domain/form/sections';
import { MATERIAL_KIND_LABELS, requiredMaterialKinds, type MaterialKind } from '../../domain/form/materials';
import { PRE_MINISTRY_PHASES } from '../../domain/phases';
import type { Phase } from '../../domain/phases';
import { CITY_REVIEW_PROVINCES, DEMO_PROJECTS, PROVINCE_AUTHORITIES, phaseBeforeDeadline, type DemoProject } from './plan';
import { topologyPng } from './images';

export interface DemoSeedOptions {
  /** An API instance that accepts sign-in without the image captcha. */
  baseUrl: string;
  now: Date;
  currentYear: number;
  lastYear: number;
  say?: (line: string) => void;
  signal?: AbortSignal;
}

/** What the detail endpoint returns, as far as the seed reads it. */
interface ProjectView {
  id: string;
  name: string | null;
  phase: Phase;
  formVersion: number;
  isCase: boolean;
  cityReview: 'pending' | 'approved' | 'returned' | null;
  recommendations: { authority: 'province_miit' | 'province_ca'; status: 'recommended' | 'pending' }[];
  review: { experts: { id: string }[]; scores: { expertId: string }[]; objections: { id: string; status: string }[] } | null;
}

class DemoApiError extends Error {}

const ACCOUNTS = new Map<string, DemoAccount>([...DEMO_ACCOUNTS, ...DEMO_MORE_ACCOUNTS].map((a) => [a.username, a]));
const POLL_LIMIT_MS = 180_000;

export async function seedDemoProjects(options: DemoSeedOptions): Promise<{ seeded: boolean; projects: number }> {
  const say = options.say ?? (() => undefined);
  const api = new DemoApi(options.baseUrl, options.signal);
  const { currentYear, lastYear, now } = options;
  const yearOf = (p: DemoProject) => (p.year === 'last' ? lastYear : currentYear);
  const last = DEMO_PROJECTS.filter((p) => p.year === 'last');
  const current = DEMO_PROJECTS.filter((p) => p.year === 'current');
  const finalStep = last.find((p) => p.review?.round === 2 && p.review.objection)!;

  if (await isComplete(api, lastYear, finalStep)) return { seeded: false, projects: 0 };
  const started = Date.now();
  say(`生成演示数据：${lastYear} 年度批次（部级评审、现场核验、公示、已发布名录）和 ${currentYear} 年度批次（初审、推荐、撤回）…`);

  await ensureCampaign(api, currentYear, defaultCampaignDeadlines(currentYear, now));
  const lastCampaign = await ensureCampaign(api, lastYear, defaultCampaignDeadlines(lastYear, now));
  const enterprises = [...new Set(DEMO_PROJECTS.map((p) => p.enterprise))];
  await Promise.all(enterprises.flatMap((e) => [ensureProfile(api, e, currentYear), ensureProfile(api, e, lastYear)]));

  // Up to the deadline: this year's projects, and last year's while its deadlines are still ahead.
  const ids = new Map<DemoProject, string>();
  const lastOpen = Date.parse(lastCampaign.recommendationDeadline) > Date.now();
  await inBatches([...current, ...(lastOpen ? last : [])], 8, async (p) => {
    const id = await ensureProject(api, p, yearOf(p));
    ids.set(p, id);
    await driveToDeadline(api, p, id, p.year === 'last' ? phaseBeforeDeadline(p.goal) : p.goal);
  });
  for (const p of last) if (!ids.has(p)) ids.set(p, await findProject(api, p, lastYear));
  // The enterprise sees its projects in every phase (the authorities do not see drafts).
  const phaseOf = async (p: DemoProject) => (await api.project(p.enterprise, ids.get(p)!)).phase;

  // The ministry moves last year's deadlines to last year's dates: drafts expire, recommended projects go to 部级评审.
  const past = pastDeadlines(lastYear, now);
  if (lastOpen) {
    await api.call('miit', 'PATCH', `/api/campaigns/${lastYear}`, {
      submissionDeadline: past.submission,
      recommendationDeadline: past.recommendation,
      provinceSettings: Object.fromEntries(CITY_REVIEW_PROVINCES.map((code) => [code, { cityReviewRequired: true, cityReviewDeadline: past.cityReview }])),
    });
  }
  await until('上年度项目越过推荐截止', options.signal, async () => {
    const open = await Promise.all(last.map(async (p) => PRE_MINISTRY_PHASES.includes(await phaseOf(p))));
    return !open.includes(true);
  });

  // 部级评审: experts, scores, decisions of the first round.
  const expertIds = await expertIdsByUsername(api);
  await inBatches(last.filter((p) => p.review), 8, async (p) => {
    const id = ids.get(p)!;
    const review = p.review!;
    let view = await api.project('miit', id);
    if (view.phase === 'ministry_review' && !view.review?.experts.length) {
      view = await api.call('miit', 'POST', `/api/projects/${id}/experts`, { expertIds: review.experts.map((u) => expertIds.get(u)!) });
    }
    for (const s of review.scores) {
      if (view.phase === 'ministry_review' && !view.review?.scores.some((each) => each.expertId === expertIds.get(s.expert))) {
        await api.call(s.expert, 'POST', `/api/projects/${id}/scores`, { score: s.score, comment: s.comment });
        view = await api.project('miit', id);
      }
    }
    if (review.decision && review.round === 1 && view.phase === 'ministry_review') {
      await api.call('miit', 'POST', `/api/projects/${id}/decision`, { decision: review.decision });
    }
  });

  // 公示, first round: every shortlisted project; one objection, dismissed; then the period ends on last year's date.
  const firstRound = last.filter((p) => p.review?.round === 1 && p.review.decision === 'shortlist');
  const phases = async (list: DemoProject[]) => Promise.all(list.map(phaseOf));
  if ((await phases(firstRound)).includes('shortlisted')) await api.call('miit', 'POST', `/api/campaigns/${lastYear}/publicity`);
  for (const p of firstRound.filter((each) => each.review!.objection)) {
    const id = ids.get(p)!;
    let view = await api.project('miit', id);
    if (view.phase === 'publicity' && !view.review?.objections.length) view = await api.call('miit', 'POST', `/api/projects/${id}/objections`, { content: p.review!.objection!.content });
    const open = view.review?.objections.find((o) => o.status === 'open');
    if (view.phase === 'publicity' && open && p.review!.objection!.dismissal) {
      await api.call('miit', 'POST', `/api/projects/${id}/objections/${open.id}/resolve`, { uphold: false, resolution: p.review!.objection!.dismissal });
    }
  }
  if ((await phases(firstRound)).includes('publicity')) await api.call('miit', 'PATCH', `/api/campaigns/${lastYear}`, { publicityEndsAt: past.publicityEnd });
  await until('上年度公示期结束', options.signal, async () => (await phases(firstRound)).every((phase) => phase === 'listed'));
  for (const p of firstRound.filter((each) => each.review!.isCase)) {
    if (!(await api.project('miit', ids.get(p)!)).isCase) await api.call('miit', 'POST', `/api/projects/${ids.get(p)!}/case`);
  }
  if (!(await api.call<{ publishedAt: string | null }>('miit', 'GET', `/api/campaigns/${lastYear}`)).publishedAt) {
    await api.call('miit', 'POST', `/api/campaigns/${lastYear}/publish`);
  }

  // Second round, after the directory was published: a project publicised on its own, with an objection still open;
  // and one shortlisted after that, waiting for the next round.
  const publicised = last.filter((p) => p.review?.round === 2 && p.goal === 'publicity');
  const waiting = last.filter((p) => p.review?.round === 2 && p.goal === 'shortlisted');
  for (const p of publicised) {
    if ((await api.project('miit', ids.get(p)!)).phase === 'ministry_review') await api.call('miit', 'POST', `/api/projects/${ids.get(p)!}/decision`, { decision: 'shortlist' });
  }
  if ((await phases(publicised)).includes('shortlisted')) await api.call('miit', 'POST', `/api/campaigns/${lastYear}/publicity`);
  for (const p of waiting) {
    if ((await api.project('miit', ids.get(p)!)).phase === 'ministry_review') await api.call('miit', 'POST', `/api/projects/${ids.get(p)!}/decision`, { decision: 'shortlist' });
  }
  for (const p of publicised) {
    const view = await api.project('miit', ids.get(p)!);
    if (view.phase === 'publicity' && !view.review?.objections.length) await api.call('miit', 'POST', `/api/projects/${view.id}/objections`, { content: p.review!.objection!.content });
  }
  say(`演示数据已生成（${DEMO_PROJECTS.length} 个项目，${((Date.now() - started) / 1000).toFixed(0)} 秒）`);
  return { seeded: true, projects: DEMO_PROJECTS.length };
}

/** The demo's last step is done: the second round's objection is on file (and the directory was published before). */
async function isComplete(api: DemoApi, lastYear: number, finalStep: DemoProject): Promise<boolean> {
  const campaign = await api.request('miit', 'GET', `/api/campaigns/${lastYear}`);
  if (campaign.status !== 200 || !(campaign.body as { publishedAt: string | null }).publishedAt) return false;
  const list = await api.call<{ data: { id: string; name: string }[] }>('miit', 'GET', `/api/projects?year=${lastYear}&name=${encodeURIComponent(finalStep.name)}`);
  const found = list.data.find((row) => row.name === finalStep.name);
  return !!found && !!(await api.project('miit', found.id)).review?.objections.length;
}

async function ensureCampaign(api: DemoApi, year: number, deadlines: ReturnType<typeof defaultCampaignDeadlines>) {
  const existing = await api.request('miit', 'GET', `/api/campaigns/${year}`);
  if (existing.status === 200) return existing.body as { recommendationDeadline: string };
  return api.call<{ recommendationDeadline: string }>('miit', 'POST', '/api/campaigns', {
    year,
    submissionDeadline: deadlines.submissionDeadline,
    recommendationDeadline: deadlines.recommendationDeadline,
    provinceSettings: Object.fromEntries(CITY_REVIEW_PROVINCES.map((code) => [code, { cityReviewRequired: true, cityReviewDeadline: deadlines.cityReviewDeadline }])),
  });
}

/** The enterprise's 企业信息 for the year (submit needs it complete), from its registration and the example profile. */
async function ensureProfile(api: DemoApi, username: string, year: number): Promise<void> {
  const profile = await api.call<{ source: string; complete: boolean }>(username, 'GET', `/api/enterprise-profiles/${year}`);
  if (profile.source === 'profile' && profile.complete) return;
  const account = ACCOUNTS.get(username)!;
  const example = exampleEnterpriseProfile();
  await api.call(username, 'PUT', `/api/enterprise-profiles/${year}`, {
    ...example,
    enterpriseInfo: {
      ...example.enterpriseInfo,
      name: account.orgName,
      creditCode: account.uscc,
      address: { provinceCode: account.provinceCode, cityCode: account.cityCode, districtCode: account.org?.districtCode ?? example.enterpriseInfo.address.districtCode },
      addressDetail: account.org?.addressDetail ?? example.enterpriseInfo.addressDetail,
      nationalEconomyCode: account.org?.nationalEconomyCode ?? example.enterpriseInfo.nationalEconomyCode,
    },
    unitContact: { ...example.unitContact, name: account.name },
  });
}

async function findProject(api: DemoApi, p: DemoProject, year: number): Promise<string> {
  const list = await api.call<{ data: { id: string; name: string | null }[] }>(p.enterprise, 'GET', `/api/projects?year=${year}&name=${encodeURIComponent(p.name)}&perPage=100`);
  const found = list.data.find((row) => row.name === p.name);
  if (!found) throw new DemoApiError(`演示项目“${p.name}”不存在`);
  return found.id;
}

/** The project, created and filled in (all eight sections, topology images, invitations) unless it exists. */
async function ensureProject(api: DemoApi, p: DemoProject, year: number): Promise<string> {
  const mine = await api.call<{ data: { id: string; name: string | null }[] }>(p.enterprise, 'GET', `/api/projects?year=${year}&name=${encodeURIComponent(p.name)}&perPage=100`);
  const existing = mine.data.find((row) => row.name === p.name);
  if (existing) return existing.id;
  const created = await api.call<ProjectView>(p.enterprise, 'POST', '/api/projects', { year, projectInfo: { name: p.name } });
  // The answer may come before the workflow's first projection write on a busy machine: wait until the draft shows.
  await until('新项目可见', api.signal, async () => (await api.request(p.enterprise, 'GET', `/api/projects/${created.id}`)).status === 200);
  const account = ACCOUNTS.get(p.enterprise)!;
  const images = await api.images(p.enterprise);
  const form = exampleForm() as ReturnType<typeof exampleForm> & Record<string, Record<string, unknown>>;
  form.projectInfo = {
    ...form.projectInfo,
    name: p.name,
    industry: p.industry,
    nationalEconomyCode: p.nationalEconomyCode,
    level: p.level,
    stage: p.stage ?? '建设完成',
    address: { provinceCode: account.provinceCode!, cityCode: account.cityCode!, districtCode: p.districtCode },
    addressDetail: p.addressDetail,
    summary: `${p.name}以5G专网连接生产现场的设备、人员与系统，${form.projectInfo.summary.slice(form.projectInfo.summary.indexOf('实现'))}`,
    siteTopologyImage: images.site,
  };
  form.infrastructure = { ...form.infrastructure, networkTopologyImage: images.network };
  // 相关材料 are files: uploaded (合同协议, and 验收报告 when 建设完成), not saved as a section.
  for (const section of SECTION_KEYS) if (section !== 'materials') await api.call(p.enterprise, 'PUT', `/api/projects/${created.id}/sections/${section}`, form[section]);
  for (const kind of requiredMaterialKinds(form)) await api.material(p.enterprise, created.id, kind);
  for (const operator of p.invite ?? []) {
    const found = await api.call<{ data: { id: string; username: string }[] }>(p.enterprise, 'GET', `/api/operators?q=${encodeURIComponent(operator)}`);
    const id = found.data.find((o) => o.username === operator)?.id;
    if (id) await api.call(p.enterprise, 'POST', `/api/projects/${created.id}/operators`, { operatorId: id });
  }
  return created.id;
}

/**
 * Submit, 初审 (or 退回), 推荐 by one or both provincial authorities, 撤回: each step only from the phase it expects,
 * so a project that is already further (or was moved by someone) is left alone.
 */
async function driveToDeadline(api: DemoApi, p: DemoProject, id: string, target: Phase | 'cityApproved'): Promise<void> {
  if (target === 'draft') return;
  const account = ACCOUNTS.get(p.enterprise)!;
  const authorities = PROVINCE_AUTHORITIES[account.provinceCode!]!;
  let view = await api.project(p.enterprise, id);
  if (view.phase === 'draft') view = await api.call(p.enterprise, 'POST', `/api/projects/${id}/submit`);
  if (target === 'withdrawn') {
    if (view.phase === 'submitted') await api.call(p.enterprise, 'POST', `/api/projects/${id}/withdraw`, { reason: p.withdrawReason });
    return;
  }
  if (target === 'submitted') return;
  const city = authorities.city?.[account.cityCode!];
  if (city && view.phase === 'submitted' && view.cityReview === 'pending') {
    view = await api.call(city, 'POST', `/api/projects/${id}/city-review`, target === 'returned' ? { decision: 'return', reason: p.returnReason } : { decision: 'approve' });
  }
  if (target === 'returned' || target === 'cityApproved') return;
  const recommenders = target === 'partially_recommended' ? [authorities.ca] : [authorities.ca, authorities.miit];
  for (const [i, username] of recommenders.entries()) {
    const authority = i === 0 ? 'province_ca' : 'province_miit';
    const pending = view.recommendations.find((r) => r.authority === authority)?.status === 'pending';
    if (pending && (view.phase === 'submitted' || view.phase === 'partially_recommended')) {
      view = await api.call(username, 'POST', `/api/projects/${id}/recommend`, { formVersion: view.formVersion });
    }
  }
  if (target === 'withdrawal_requested' && view.phase === 'recommended') {
    await api.call(p.enterprise, 'POST', `/api/projects/${id}/withdraw`, { reason: p.withdrawReason });
  }
}

/** Last year's SPEC dates once they have passed (always, for a real last year); else the same spacing before now. */
function pastDeadlines(lastYear: number, now: Date) {
  const spec = specDeadlines(lastYear);
  const publicityEnd = shanghaiInstant(lastYear, 10, 31);
  if (Date.parse(publicityEnd) < now.getTime()) {
    return { submission: spec.submissionDeadline, cityReview: spec.cityReviewDeadline, recommendation: spec.recommendationDeadline, publicityEnd };
  }
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return { submission: daysAgo(40), cityReview: daysAgo(33), recommendation: daysAgo(30), publicityEnd: daysAgo(1) };
}

async function expertIdsByUsername(api: DemoApi): Promise<Map<string, string>> {
  const usernames = [...new Set(DEMO_PROJECTS.flatMap((p) => p.review?.experts ?? []))];
  return new Map(await Promise.all(usernames.map(async (u) => [u, (await api.call<{ id: string }>(u, 'GET', '/api/me')).id] as [string, string])));
}

/** `work` on every item, at most `size` at a time (each project's steps are sequential; projects are independent). */
async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Wait for the workflows' timers to move the projects (they fire as soon as the moved deadline reaches them). */
async function until(what: string, signal: AbortSignal | undefined, done: () => Promise<boolean>): Promise<void> {
  const limit = Date.now() + POLL_LIMIT_MS;
  while (!(await done())) {
    if (signal?.aborted) throw new DemoApiError('已取消');
    if (Date.now() > limit) throw new DemoApiError(`等待“${what}”超时`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** HTTP as the demo accounts: one sign-in per account, JSON in and out, any other answer than 2xx is an error. */
/** A minimal PDF (the materials' content check reads “%PDF-”). */
const DEMO_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

class DemoApi {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly uploads = new Map<string, Promise<{ site: string; network: string }>>();

  constructor(
    private readonly baseUrl: string,
    readonly signal?: AbortSignal,
  ) {}

  async request(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const token = await this.token(username);
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.signal,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async call<T = ProjectView>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(username, method, path, body);
    if (res.status >= 300) {
      const error = (res.body as { error?: { message?: string; details?: { path?: string; message?: string }[] } } | undefined)?.error;
      const details = (error?.details ?? []).map((d) => `${d.path ?? ''} ${d.message ?? ''}`.trim()).join('；');
      throw new DemoApiError(`${username} ${method} ${path} → ${res.status} ${error?.message ?? ''}${details ? `（${details}）` : ''}`);
    }
    return res.body as T;
  }

  project(username: string, id: string): Promise<ProjectView> {
    return this.call(username, 'GET', `/api/projects/${id}`);
  }

  /** The enterprise's two topology images, uploaded once per run. */
  images(username: string): Promise<{ site: string; network: string }> {
    let found = this.uploads.get(username);
    if (!found) {
      const upload = async (kind: 'site' | 'network', name: string) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(topologyPng(kind))], { type: 'image/png' }), name);
        const res = await fetch(`${this.baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${await this.token(username)}` }, body: form, signal: this.signal });
        if (res.status !== 201) throw new DemoApiError(`${username} 上传图片 → ${res.status}`);
        return ((await res.json()) as { id: string }).id;
      };
      found = Promise.all([upload('site', '现场拓扑图.png'), upload('network', '组网拓扑图.png')]).then(([site, network]) => ({ site, network }));
      this.uploads.set(username, found);
    }
    return found;
  }

  /** One 相关材料 of the project: a one-page PDF named after its kind. */
  async material(username: string, projectId: string, kind: MaterialKind): Promise<void> {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([new Uint8Array(DEMO_PDF)], { type: 'application/pdf' }), `${MATERIAL_KIND_LABELS[kind]}.pdf`);
    const res = await fetch(`${this.baseUrl}/api/projects/${projectId}/materials`, { method: 'POST', headers: { authorization: `Bearer ${await this.token(username)}` }, body: form, signal: this.signal });
    if (res.status !== 201) throw new DemoApiError(`${username} 上传${MATERIAL_KIND_LABELS[kind]} → ${res.status} ${await res.text()}`);
  }

  private token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = fetch(`${this.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
        signal: this.signal,
      }).then(async (res) => {
        const body = (await res.json()) as { token?: string; error?: { message?: string } };
        if (!body.token) throw new DemoApiError(`演示账号 ${username} 无法登录：${body.error?.message ?? res.status}`);
        return body.token;
      });
      this.tokens.set(username, token);
    }
    return token;
  }
}
