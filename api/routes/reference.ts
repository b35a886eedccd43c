/**
 * Reference data for pickers and for drawing the form, straight from domain/reference and domain/form (the single
 * source of truth): GB/T 2260 regions, GB/T 4754-2017 industries, and the form's enumerations, tabs, sections and
 * labels. Public — the registration page needs the trees before anyone has signed in — and the same for everyone,
 * so each answer is serialised once, with a strong ETag and a day of caching (a deploy with new data changes the
 * ETag; browsers revalidate after a day at most).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import * as reference from '../../domain/reference';
import {
  SECTION_KEYS,
  SECTION_LABELS,
  TABS,
  FIELD_LABELS,
  ENTERPRISE_PROFILE_LABELS,
  APPLICATION_AREAS,
  KEY_SYSTEMS,
  PART_OF_WHOLE,
  MAX_ROWS,
  TEXT_MAX,
  tabOf,
  validateSection,
  validateEnterpriseProfile,
  type SectionKey,
} from '../../domain/form';
import { IMAGE_FIELDS } from '../files/references';
import { MAX_IMAGE_BYTES } from './files';

const ONE_DAY_SECONDS = 24 * 3600;

interface CachedJson {
  body: string;
  etag: string;
}

function cachedJson(value: unknown): CachedJson {
  const body = JSON.stringify(value);
  return { body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/**
 * Fields an empty form is refused for on 提交 — what the UI marks with a star. Conditionally required fields
 * (key-system details, 现场价值, the 安全管理 chain) appear once their condition holds; the UI learns them from
 * the save/submit answers.
 */
function requiredOnSubmit(): Record<SectionKey | 'enterprise', string[]> {
  const result = {} as Record<SectionKey | 'enterprise', string[]>;
  for (const section of SECTION_KEYS) {
    const checked = validateSection(section, {}, 'submit');
    result[section] = checked.ok ? [] : [...new Set(checked.problems.map((p) => p.path))];
  }
  const profile = validateEnterpriseProfile({}, 'submit');
  result.enterprise = profile.ok ? [] : [...new Set(profile.problems.map((p) => p.path))];
  return result;
}

/** Everything the admin UI needs to render the declaration form and the 企业信息 dialog. */
export function formOptions() {
  return {
    version: reference.FORM_OPTIONS_VERSION,
    tabs: TABS.map((t) => ({ key: t.key, label: t.label, sections: [...t.sections] })),
    sections: SECTION_KEYS.map((key) => ({ key, label: SECTION_LABELS[key], tab: tabOf(key).key })),
    fieldLabels: FIELD_LABELS,
    enterpriseProfileLabels: ENTERPRISE_PROFILE_LABELS,
    requiredOnSubmit: requiredOnSubmit(),
    enums: {
      projectTypes: reference.PROJECT_TYPES,
      industries: reference.INDUSTRIES,
      projectLevels: reference.PROJECT_LEVELS,
      projectStages: reference.PROJECT_STAGES,
      projectHonors: reference.PROJECT_HONORS,
      infrastructureModes: reference.INFRASTRUCTURE_MODES,
      operators: reference.OPERATORS,
      yesNo: reference.YES_NO,
      applicationLevels: reference.APPLICATION_LEVELS,
      edgeDeviceForms: reference.EDGE_DEVICE_FORMS,
      edgeDevelopmentStages: reference.EDGE_DEVELOPMENT_STAGES,
      networkMaintenanceModes: reference.NETWORK_MAINTENANCE_MODES,
      dataStorageConstructionModes: reference.DATA_STORAGE_CONSTRUCTION_MODES,
      dataStorageLocations: reference.DATA_STORAGE_LOCATIONS,
      collectedDataTypes: reference.COLLECTED_DATA_TYPES,
      enterpriseNatures: reference.ENTERPRISE_NATURES,
    },
    notApplicableLevel: reference.NOT_APPLICABLE_LEVEL,
    applicationAreas: APPLICATION_AREAS,
    keySystems: KEY_SYSTEMS,
    partOfWhole: PART_OF_WHOLE,
    typicalScenarios: reference.TYPICAL_SCENARIOS,
    scenariosByApplicationArea: reference.SCENARIOS_BY_APPLICATION_AREA,
    limits: { maxRows: MAX_ROWS, textMax: TEXT_MAX, maxImageBytes: MAX_IMAGE_BYTES, imageTypes: ['image/png', 'image/jpeg'] },
    imageFields: IMAGE_FIELDS,
    standards: { regions: reference.REGION_SOURCE, industries: reference.INDUSTRY_STANDARD },
  };
}

const TreeNode: z.ZodType<{ code: string; name: string; children?: unknown[] }> = z.object({
  code: z.string(),
  name: z.string(),
  children: z.array(z.lazy(() => TreeNode)).optional(),
  // A named component: the OpenAPI generator can only describe a recursive schema through a $ref.
}).meta({ id: 'ReferenceTreeNode' });

export function referenceRoutes(routes: Routes, deps: AppDeps): void {
  void deps;
  const answers: { path: string; summary: string; data: () => unknown; response?: z.ZodType }[] = [
    { path: '/api/reference/regions', summary: '行政区划（GB/T 2260）：省/市/区县三级树 [{ code, name, children }]', data: () => reference.REGION_TREE, response: z.array(TreeNode) },
    { path: '/api/reference/industries', summary: '国民经济行业分类（GB/T 4754-2017）：门类/大类/中类/小类四级树 [{ code, name, children }]', data: () => reference.INDUSTRY_TREE, response: z.array(TreeNode) },
    { path: '/api/reference/options', summary: '申报表单的选项、页签、分页签与字段名称（表单渲染所需的全部枚举）', data: formOptions },
  ];
  for (const answer of answers) {
    let cached: CachedJson | null = null;
    routes.add(
      { method: 'get', path: answer.path, summary: answer.summary, tags: ['参考数据'], auth: 'public', ...(answer.response ? { response: answer.response } : {}) },
      ({ req, res }) => {
        cached ??= cachedJson(answer.data());
        res.setHeader('Cache-Control', `public, max-age=${ONE_DAY_SECONDS}`);
        res.setHeader('ETag', cached.etag);
        if (req.fresh) {
          res.status(304).end();
          return;
        }
        res.status(200).type('application/json; charset=utf-8').send(cached.body);
      },
    );
  }
}
