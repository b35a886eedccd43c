/**
 * The declaration form (5G工厂信息, SPEC §4): one zod schema per (sub-)tab, the single source of truth for the
 * API, the workflow and the admin UI. Pure and browser-safe: no I/O, no clock, no node built-ins.
 *
 * Two modes: `draft` (暂存 / 下一页: format checks only) and `submit` (提交: everything the platform requires,
 * including the cross-field rules). Problems name the field in Chinese and carry a dot/bracket path.
 */
import type { z } from 'zod';
import { applicationsSchema, APPLICATIONS_LABELS } from './applications';
import { contactsSchema, CONTACTS_LABELS } from './contacts';
import { withEmptyAsObject, type FormMode } from './fields';
import { fundingSchema, FUNDING_LABELS } from './funding';
import { infrastructureSchema, INFRASTRUCTURE_LABELS } from './infrastructure';
import { messages } from './messages';
import { outcomesSchema, OUTCOMES_LABELS } from './outcomes';
import { projectInfoSchema, PROJECT_INFO_LABELS } from './projectInfo';
import { securitySchema, SECURITY_LABELS } from './security';
import { siteUpgradeSchema, SITE_UPGRADE_LABELS } from './siteUpgrade';

export type { FormMode } from './fields';
export { MAX_ROWS, TEXT_MAX } from './fields';
export { messages } from './messages';
export { isValidProjectName } from './projectInfo';
export { stationTotalPrice, KEY_SYSTEMS } from './infrastructure';
export { PART_OF_WHOLE } from './siteUpgrade';
export { APPLICATION_AREAS, type ApplicationArea } from './applications';
export { securityChain } from './security';
export {
  PROJECT_INFO_LABELS,
  FUNDING_LABELS,
  INFRASTRUCTURE_LABELS,
  SITE_UPGRADE_LABELS,
  APPLICATIONS_LABELS,
  SECURITY_LABELS,
  OUTCOMES_LABELS,
  CONTACTS_LABELS,
};

export const SECTION_KEYS = [
  'projectInfo',
  'funding',
  'infrastructure',
  'siteUpgrade',
  'applications',
  'security',
  'outcomes',
  'contacts',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_LABELS: Record<SectionKey, string> = {
  projectInfo: '项目情况',
  funding: '项目经费',
  infrastructure: '基础设施建设',
  siteUpgrade: '厂区现场升级',
  applications: '5G应用创新',
  security: '安全防护保障',
  outcomes: '项目实施成效',
  contacts: '项目联系人',
};

/** The four tabs of the form, each with its sections in the order they are filled in. */
export const TABS = [
  { key: 'basic', label: '项目基本情况', sections: ['projectInfo', 'funding'] },
  { key: 'capability', label: '项目建设能力', sections: ['infrastructure', 'siteUpgrade', 'applications', 'security'] },
  { key: 'outcomes', label: '项目实施成效', sections: ['outcomes'] },
  { key: 'enterprise', label: '企业实体信息', sections: ['contacts'] },
] as const satisfies readonly { key: string; label: string; sections: readonly SectionKey[] }[];
export type TabKey = (typeof TABS)[number]['key'];

export function tabOf(section: SectionKey): (typeof TABS)[number] {
  return TABS.find((tab) => (tab.sections as readonly SectionKey[]).includes(section))!;
}

/**
 * Chinese label of every field, by section and path; a row field's path uses `[]` for the row
 * (`'edgeComputing[].location'`), a nested field a dot (`'macroStation.quantity'`).
 */
export const FIELD_LABELS: Record<SectionKey, Readonly<Record<string, string>>> = {
  projectInfo: PROJECT_INFO_LABELS,
  funding: FUNDING_LABELS,
  infrastructure: INFRASTRUCTURE_LABELS,
  siteUpgrade: SITE_UPGRADE_LABELS,
  applications: APPLICATIONS_LABELS,
  security: SECURITY_LABELS,
  outcomes: OUTCOMES_LABELS,
  contacts: CONTACTS_LABELS,
};

const SCHEMA_BUILDERS = {
  projectInfo: projectInfoSchema,
  funding: fundingSchema,
  infrastructure: infrastructureSchema,
  siteUpgrade: siteUpgradeSchema,
  applications: applicationsSchema,
  security: securitySchema,
  outcomes: outcomesSchema,
  contacts: contactsSchema,
};

/** A section's normalised data (blank fields dropped, computed totals applied). Every field may be absent in a draft. */
export type SectionValues = { [K in SectionKey]: z.output<ReturnType<(typeof SCHEMA_BUILDERS)[K]>> };
export type ProjectInfo = SectionValues['projectInfo'];
export type Funding = SectionValues['funding'];
export type Infrastructure = SectionValues['infrastructure'];
export type SiteUpgrade = SectionValues['siteUpgrade'];
export type Applications = SectionValues['applications'];
export type Security = SectionValues['security'];
export type Outcomes = SectionValues['outcomes'];
export type Contacts = SectionValues['contacts'];
export type FormSections = { [K in SectionKey]: SectionValues[K] };

function buildSchemas(mode: FormMode): { [K in SectionKey]: z.ZodType<SectionValues[K]> } {
  return {
    projectInfo: withEmptyAsObject(projectInfoSchema(mode)),
    funding: withEmptyAsObject(fundingSchema(mode)),
    infrastructure: withEmptyAsObject(infrastructureSchema(mode)),
    siteUpgrade: withEmptyAsObject(siteUpgradeSchema(mode)),
    applications: withEmptyAsObject(applicationsSchema(mode)),
    security: withEmptyAsObject(securitySchema(mode)),
    outcomes: withEmptyAsObject(outcomesSchema(mode)),
    contacts: withEmptyAsObject(contactsSchema(mode)),
  };
}

const SCHEMAS = { draft: buildSchemas('draft'), submit: buildSchemas('submit') };

/** The zod schema of a section in a mode (for the API's request parsing and the OpenAPI description). */
export function sectionSchema<S extends SectionKey>(section: S, mode: FormMode): z.ZodType<SectionValues[S]> {
  return SCHEMAS[mode][section];
}

export type Problem = { section: SectionKey | 'enterprise'; path: string; message: string };
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function validateSection<S extends SectionKey>(
  section: S,
  data: unknown,
  mode: FormMode,
): ValidationResult<SectionValues[S]> {
  const result = sectionSchema(section, mode).safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: toProblems(section, result.error.issues, FIELD_LABELS[section]) };
}

/** Full validation of every tab for 提交; an absent section is an empty one, so each of its required fields is listed. */
export function validateForSubmit(sections: Partial<Record<SectionKey, unknown>>): Problem[] {
  return SECTION_KEYS.flatMap((section) => {
    const result = validateSection(section, sections[section], 'submit');
    return result.ok ? [] : result.problems;
  });
}

/** A blank draft: every section as the draft schema normalises an empty object (nested groups {}, lists []). */
export function emptyForm(): Record<SectionKey, object> {
  return Object.fromEntries(
    SECTION_KEYS.map((section) => [section, SCHEMAS.draft[section].parse({}) as object]),
  ) as Record<SectionKey, object>;
}

/** zod issues → Problems: dot/bracket paths, and a row's problems prefixed with the list and row number. */
export function toProblems(
  section: Problem['section'],
  issues: readonly z.core.$ZodIssue[],
  labels: Readonly<Record<string, string>>,
): Problem[] {
  const problems = issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
    let message = issue.message;
    const rowIndex = path.findIndex((key) => typeof key === 'number');
    if (rowIndex > 0) {
      const listPath = path.slice(0, rowIndex).join('.');
      const isRowList = Object.keys(labels).some((labelPath) => labelPath.startsWith(`${listPath}[].`));
      if (isRowList) message = messages.inRow(labels[listPath] ?? listPath, path[rowIndex] as number, message);
    }
    return { section, path: formatPath(path), message };
  });
  // Cross-field problems are found after the fields' own: list them all in the order of the form.
  const fieldOrder = [...new Set(Object.keys(labels).map(topLevelKey))];
  const position = (problem: Problem) => fieldOrder.indexOf(topLevelKey(problem.path));
  return problems.sort((a, b) => position(a) - position(b));
}

function topLevelKey(path: string): string {
  return path.split(/[.[]/)[0];
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}

export { exampleForm } from './example';
