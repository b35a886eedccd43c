/** 项目建设能力 › 5G应用创新: five areas, each with 应用程度 and 现场价值 */
import { APPLICATION_LEVELS, NOT_APPLICABLE_LEVEL, TYPICAL_SCENARIO_NAMES } from '../reference';
import { fieldsFor, isBlank, sectionObject, TEXT_MAX, type Fields, type FormMode } from './fields';
import { messages } from './messages';

/** The five areas in the platform's order (研发设计创新 … 服务管理创新). */
export const APPLICATION_AREAS = {
  researchDesign: '研发设计',
  productionManufacturing: '生产制造',
  inspectionMonitoring: '检测监测',
  warehousingLogistics: '仓储物流',
  serviceManagement: '服务管理',
} as const;
export type ApplicationArea = keyof typeof APPLICATION_AREAS;

function areaLabels<A extends ApplicationArea>(area: A) {
  const name = APPLICATION_AREAS[area];
  return {
    [area]: `${name}创新`,
    [`${area}.level`]: `${name}应用程度`,
    [`${area}.siteValue`]: `${name}现场价值`,
    [`${area}.scenarios`]: `${name}典型应用场景`,
  } as Record<A | `${A}.level` | `${A}.siteValue` | `${A}.scenarios`, string>;
}

export const APPLICATIONS_LABELS = {
  ...areaLabels('researchDesign'),
  ...areaLabels('productionManufacturing'),
  ...areaLabels('inspectionMonitoring'),
  ...areaLabels('warehousingLogistics'),
  ...areaLabels('serviceManagement'),
};

const L = APPLICATIONS_LABELS;
const SCENARIO_NAMES = TYPICAL_SCENARIO_NAMES as unknown as readonly [string, ...string[]];

function area(f: Fields, key: ApplicationArea) {
  return f.group(L[key], {
    level: f.choice(L[`${key}.level`], APPLICATION_LEVELS),
    // required unless 应用程度 is 用例不适用: a cross-field rule below
    siteValue: f.text(L[`${key}.siteValue`], { max: TEXT_MAX.long, optional: true }),
    // Which of the ministry's 20 typical scenarios the area covers; optional, any scenario in any area.
    scenarios: f.multiChoice(L[`${key}.scenarios`], SCENARIO_NAMES),
  });
}

export function applicationsSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  return sectionObject(
    '5G应用创新',
    {
      researchDesign: area(f, 'researchDesign'),
      productionManufacturing: area(f, 'productionManufacturing'),
      inspectionMonitoring: area(f, 'inspectionMonitoring'),
      warehousingLogistics: area(f, 'warehousingLogistics'),
      serviceManagement: area(f, 'serviceManagement'),
    },
    mode,
    (applications, report) => {
      for (const key of Object.keys(APPLICATION_AREAS) as ApplicationArea[]) {
        const { level, siteValue } = (applications[key] ?? {}) as { level?: unknown; siteValue?: unknown };
        if (typeof level === 'string' && level !== NOT_APPLICABLE_LEVEL && isBlank(siteValue)) {
          report([key, 'siteValue'], messages.required(L[`${key}.siteValue`]));
        }
      }
    },
  );
}
