/** 项目基本情况 › 项目经费 (万元) */
import { fieldsFor, sectionObject, type FormMode } from './fields';

export const FUNDING_LABELS = {
  national: '国家级经费(万元)',
  provincial: '省级经费(万元)',
  city: '市级经费(万元)',
  district: '区级经费(万元)',
  selfRaised: '企业自筹(万元)',
} as const;

/** Every amount is required (0 when there is none), ≥ 0 with at most two decimals, as on the platform. */
export function fundingSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  return sectionObject(
    '项目经费',
    {
      national: f.amount(FUNDING_LABELS.national),
      provincial: f.amount(FUNDING_LABELS.provincial),
      city: f.amount(FUNDING_LABELS.city),
      district: f.amount(FUNDING_LABELS.district),
      selfRaised: f.amount(FUNDING_LABELS.selfRaised),
    },
    mode,
  );
}
