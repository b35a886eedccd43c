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
import { toProblems, type Problem, type ValidationResult } from './problems';
import { SECTION_KEYS, type SectionKey } from './sections';
import { outcomesSchema, OUTCOMES_LABELS } from './outcomes';
import { materialsSchema, materialsSubmitProblems, MATERIALS_LABELS } from './materials';
import { projectInfoSchema, PROJECT_INFO_LABELS } from './projectInfo';
import { securitySchema, SECURITY_LABELS } from './security';
import { siteUpgradeSchema, SITE_UPGRADE_LABELS } from './siteUpgrade';

export type { FormMode } from './fields';
export { MAX_ROWS, TEXT_MAX } from './fields';
export { messages } from './messages';
export * from './sections';
export * from './problems';
export * from './order';
export {
  validateEnterpriseProfile,
  enterpriseProfileSchema,
  exampleEnterpriseProfile,
  ENTERPRISE_PROFILE_LABELS,
  type EnterpriseProfile,
} from './enterpriseProfile';
export { isValidProjectName } from './projectInfo';
export { stationTotalPrice, KEY_SYSTEMS } from './infrastructure';
export { PART_OF_WHOLE } from './siteUpgrade';
export { PERCENT_LIMITS } from './outcomes';
export {
  MATERIAL_KINDS,
  MATERIAL_KIND_LABELS,
  MATERIAL_MESSAGES,
  MATERIAL_MIMES,
  MAX_MATERIALS,
  MAX_MATERIAL_BYTES,
  materialItems,
  requiredMaterialKinds,
  type MaterialItem,
  type MaterialKind,
  type MaterialMime,
} from './materials';
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
  MATERIALS_LABELS,
  CONTACTS_LABELS,
};

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
  materials: MATERIALS_LABELS,
  contacts: CONTACTS_LABELS,
};

// Only its type is used (SectionValues below); kept as a value so the map is checked against the builders.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const SCHEMA_BUILDERS = {
  projectInfo: projectInfoSchema,
  funding: fundingSchema,
  infrastructure: infrastructureSchema,
  siteUpgrade: siteUpgradeSchema,
  applications: applicationsSchema,
  security: securitySchema,
  outcomes: outcomesSchema,
  materials: materialsSchema,
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
export type Materials = SectionValues['materials'];
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
    materials: withEmptyAsObject(materialsSchema(mode)),
    contacts: withEmptyAsObject(contactsSchema(mode)),
  };
}

const SCHEMAS = { draft: buildSchemas('draft'), submit: buildSchemas('submit') };

/** The zod schema of a section in a mode (for the API's request parsing and the OpenAPI description). */
export function sectionSchema<S extends SectionKey>(section: S, mode: FormMode): z.ZodType<SectionValues[S]> {
  return SCHEMAS[mode][section];
}

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

/**
 * Full validation of every tab for 提交; an absent section is an empty one, so each of its required fields is listed.
 * Rules that span sections (the 相关材料 a project needs, by its 实施阶段) are listed with the section they are about.
 */
export function validateForSubmit(sections: Partial<Record<SectionKey, unknown>>): Problem[] {
  return SECTION_KEYS.flatMap((section) => sectionSubmitProblems(section, sections));
}

/** The 提交 problems of one section of the form, its cross-section rules included. */
export function sectionSubmitProblems(section: SectionKey, sections: Partial<Record<SectionKey, unknown>>): Problem[] {
  const result = validateSection(section, sections[section], 'submit');
  const own = result.ok ? [] : result.problems;
  return section === 'materials' ? [...own, ...materialsSubmitProblems(sections)] : own;
}

/** A blank draft: every section as the draft schema normalises an empty object (nested groups {}, lists []). */
export function emptyForm(): Record<SectionKey, object> {
  return Object.fromEntries(
    SECTION_KEYS.map((section) => [section, SCHEMAS.draft[section].parse({}) as object]),
  ) as Record<SectionKey, object>;
}

export { exampleForm } from './example';
