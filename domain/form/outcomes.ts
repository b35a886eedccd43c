/** 项目实施成效: 经济效益 and 社会效益 (long text), 提质/降本/增效/绿色 (percent, 0–100). */
import { fieldsFor, sectionObject, TEXT_MAX, type FormMode } from './fields';

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
      qualityImprovement: f.percent(L.qualityImprovement),
      costReduction: f.percent(L.costReduction),
      efficiencyImprovement: f.percent(L.efficiencyImprovement),
      greenImprovement: f.percent(L.greenImprovement),
    },
    mode,
  );
}
