/**
 * 项目实施成效: 经济效益 and 社会效益 (long text), 提质/降本/增效/绿色 (percent, two decimals, ≥ 0). 降本 and 绿色 are
 * reductions (cost, energy and emissions), at most 100 %; 提质 and 增效 are improvements, which may exceed 100 %
 * (the manual only says “百分比”; a 2.5-fold output per head is “增效 150%”).
 */
import { fieldsFor, PERCENT_MAX, sectionObject, TEXT_MAX, type FormMode } from './fields';

/** The largest value each percentage accepts (the UI's inputs use the same numbers). */
export const PERCENT_LIMITS = {
  qualityImprovement: PERCENT_MAX,
  costReduction: 100,
  efficiencyImprovement: PERCENT_MAX,
  greenImprovement: 100,
} as const;

export const OUTCOMES_LABELS = {
  economicBenefits: '经济效益',
  socialBenefits: '社会效益',
  qualityImprovement: '提质(%)',
  costReduction: '降本(%)',
  efficiencyImprovement: '增效(%)',
  greenImprovement: '绿色(%)',
} as const;

const L = OUTCOMES_LABELS;

export function outcomesSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  return sectionObject(
    '项目实施成效',
    {
      economicBenefits: f.text(L.economicBenefits, { max: TEXT_MAX.long }),
      socialBenefits: f.text(L.socialBenefits, { max: TEXT_MAX.long }),
      qualityImprovement: f.percent(L.qualityImprovement, { max: PERCENT_LIMITS.qualityImprovement }),
      costReduction: f.percent(L.costReduction, { max: PERCENT_LIMITS.costReduction }),
      efficiencyImprovement: f.percent(L.efficiencyImprovement, { max: PERCENT_LIMITS.efficiencyImprovement }),
      greenImprovement: f.percent(L.greenImprovement, { max: PERCENT_LIMITS.greenImprovement }),
    },
    mode,
  );
}
