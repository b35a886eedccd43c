import type { SubmissionState } from '../domain/lifecycle/state';
import { statusText } from '../domain/statusText';
import { regionName, regionPath } from '../domain/reference';
import { queueItems } from '../domain/queue';

/** The list columns of a submission, derived from workflow state and the saved 项目情况 section. */
export function projectionColumns(state: SubmissionState, projectInfo: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const address = (projectInfo.address ?? {}) as { provinceCode?: string; cityCode?: string; districtCode?: string };
  const provinceCode = state.provinceCode || str(address.provinceCode);
  const cityCode = state.cityCode || str(address.cityCode);
  const districtCode = str(address.districtCode);
  // The 待办 step for the list's 截止时间 / 剩余工作日 / 已超期 columns and its sort by deadline (domain/queue.ts).
  const items = queueItems(state);
  const first = (key: 'dueAt' | 'overdueAt') => items.map((i) => i[key]).filter((v): v is string => v !== null).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
  return {
    name: str(projectInfo.name) ?? '',
    projectType: str(projectInfo.projectType),
    level: str(projectInfo.level),
    stage: state.stage ?? str(projectInfo.stage),
    industry: str(projectInfo.industry),
    nationalEconomyCode: str(projectInfo.nationalEconomyCode),
    provinceCode,
    cityCode,
    districtCode,
    addressText: provinceCode && cityCode ? regionPath(provinceCode, cityCode, districtCode ?? undefined) ?? null : null,
    statusText: statusText({ ...state, provinceName: regionName(provinceCode) ?? '', cityName: regionName(cityCode) ?? '' }),
    cityReview: state.cityReview,
    recommendations: JSON.stringify(state.recommendations),
    withdrawal: state.withdrawal ? JSON.stringify(state.withdrawal) : null,
    experts: `{${state.experts.join(',')}}`,
    invitedOperators: `{${state.invitedOperators.join(',')}}`,
    isCase: state.isCase,
    step: items[0]?.step ?? null,
    stepSince: items[0]?.since ?? null,
    stepDue: first('dueAt'),
    stepOverdueAt: first('overdueAt'),
  };
}
