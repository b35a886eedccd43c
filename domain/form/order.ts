/**
 * The manual's order (企业操作手册 1.4.1.1: “用户先录入项目基本情况后，可自由切换企业选项卡信息，进行填写”): a project comes
 * into being at the first 暂存 of 项目基本情况 › 项目情况, with a 项目名称 — the name every list shows it by — and only
 * then may the other tabs be filled in. 新增 alone creates nothing, so no nameless draft is ever left behind.
 */
import { isBlank } from './fields';
import type { Problem } from './problems';
import type { SectionKey } from './sections';

/** The section a project is created with. */
export const FIRST_SECTION = 'projectInfo' as const satisfies SectionKey;

export const ORDER_MESSAGES = {
  nameRequired: '请填写项目名称后再暂存',
  createWithProjectInfo: '新增项目请先填写并暂存“项目基本情况”中的项目情况',
  basicInfoFirst: '请先填写并暂存“项目基本情况”（至少填写项目名称），再填写其他页签',
} as const;

/** What 暂存 of a section needs beyond the format checks: 项目情况 is never saved without a 项目名称. */
export function saveOrderProblems(section: SectionKey, data: unknown): Problem[] {
  if (section !== FIRST_SECTION) return [];
  const name = (data as { name?: unknown } | null | undefined)?.name;
  return isBlank(name) ? [{ section, path: 'name', message: ORDER_MESSAGES.nameRequired }] : [];
}

/** Whether 项目基本情况 has been saved with a 项目名称 (drafts made before this rule may lack one). */
export function basicInfoSaved(sections: Partial<Record<SectionKey, unknown>> | null | undefined): boolean {
  const name = (sections?.projectInfo as { name?: unknown } | null | undefined)?.name;
  return !isBlank(name);
}

/** Whether a section may be saved now: 项目情况 always, the others once 项目基本情况 has been saved. */
export function sectionOpen(section: SectionKey, sections: Partial<Record<SectionKey, unknown>> | null | undefined): boolean {
  return section === FIRST_SECTION || basicInfoSaved(sections);
}
