import englishMessages from 'ra-language-english';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import zhMessages from './zh';
import { PHASES, PHASE_LABELS } from '../../../domain/phases';
import { ROLES, ROLE_LABELS } from '../../../domain/roles';

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flatten(value, path)) flat.set(k, v);
  }
  return flat;
}

const variables = (message: string) => new Set([...message.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]));

/** Keys whose English text is already right in Chinese: a blank for an unknown boolean, the bare resource name as the list title. */
const SAME_AS_ENGLISH = new Set(['ra.boolean.null', 'ra.page.list']);

const english = flatten(englishMessages as unknown as Messages);
const chinese = flatten(zhMessages as unknown as Messages);

describe('Chinese messages of the admin UI', () => {
  it.each([...english.keys()])('%s has a Chinese message', (key) => {
    const zh = chinese.get(key);
    expect(typeof zh).toBe('string');
    if (key === 'ra.boolean.null') return; // deliberately blank
    expect(zh!.trim()).not.toBe('');
    if (!SAME_AS_ENGLISH.has(key)) expect(zh).not.toBe(english.get(key));
  });

  it('uses the same variables as the English message, so nothing shows a raw %{…}', () => {
    const mismatches = [...english]
      .filter(([key, en]) => {
        const zh = chinese.get(key) ?? '';
        const expected = variables(en);
        const actual = variables(zh);
        // A Chinese message may leave out a variable English needs only for its plural form,
        // but must never use one react-admin does not pass.
        return [...actual].some((v) => !expected.has(v));
      })
      .map(([key]) => key);
    expect(mismatches).toEqual([]);
  });

  it('has one form per message, since the Chinese plural rule would always pick the first', () => {
    const twoForms = [...chinese].filter(([, zh]) => zh.includes('||||')).map(([key]) => key);
    expect(twoForms).toEqual([]);
  });

  it('shows the count for several selected rows', () => {
    const i18n = polyglotI18nProvider(() => zhMessages, 'zh-CN');
    expect(i18n.translate('ra.action.bulk_actions', { smart_count: 3 })).toBe('已选择 3 项');
    expect(i18n.translate('ra.navigation.page_range_info', { offsetBegin: 1, offsetEnd: 10, total: 22 })).toBe(
      '第 1-10 条，共 22 条',
    );
  });

  it('names the resources and the app as the platform does', () => {
    const i18n = polyglotI18nProvider(() => zhMessages, 'zh-CN');
    expect(i18n.translate('resources.projects.name', { smart_count: 2 })).toBe('5G工厂');
    expect(i18n.translate('resources.enterprise-profiles.name', { smart_count: 2 })).toBe('企业信息');
    expect(i18n.translate('resources.messages.name', { smart_count: 2 })).toBe('站内信');
    expect(i18n.translate('app.title')).toBe('5G+工业互联网发展管理平台（5G工厂库）');
  });

  it('labels every phase and role from the domain lists', () => {
    for (const phase of PHASES) expect(chinese.get(`phases.${phase}`)).toBe(PHASE_LABELS[phase]);
    for (const role of ROLES) expect(chinese.get(`roles.${role}`)).toBe(ROLE_LABELS[role]);
  });
});
