/** 项目建设能力 › 安全防护保障: the 安全管理水平提升 chain and 安全防护能力增加 */
import { YES_NO } from '../reference';
import { fieldsFor, isBlank, sectionObject, TEXT_MAX, type FormMode } from './fields';
import { messages } from './messages';

export const SECURITY_LABELS = {
  classifiedManagement: '是否已开展工业互联网企业网络安全分类分级管理工作',
  commensurateProtection: '是否采取与自身安全级别相适应的防护措施',
  rectificationPlan: '是否制定整改方案，落实整改措施',
  rectificationMeasures: '具体整改措施',
  protectionCapability: '安全防护能力增加',
} as const;

const L = SECURITY_LABELS;

type ChainField = 'commensurateProtection' | 'rectificationPlan' | 'rectificationMeasures';

/**
 * 安全管理水平提升 is a chain of questions (enterprise manual 1.4.1.2.4):
 *   分类分级管理 是 → 防护措施?  否 → 整改方案?  是 → 具体整改措施.
 * Returns the fields the answers so far make applicable, and why each of the others is not.
 */
export function securityChain(answers: {
  classifiedManagement?: unknown;
  commensurateProtection?: unknown;
  rectificationPlan?: unknown;
}): { applicable: ChainField[]; notApplicable: { field: ChainField; because: string }[] } {
  const chain: { field: ChainField; reachedWhen: boolean; because: string }[] = [
    {
      field: 'commensurateProtection',
      reachedWhen: answers.classifiedManagement === '是',
      because: '未开展工业互联网企业网络安全分类分级管理工作',
    },
    {
      field: 'rectificationPlan',
      reachedWhen: answers.commensurateProtection === '否',
      because: '已采取与自身安全级别相适应的防护措施',
    },
    { field: 'rectificationMeasures', reachedWhen: answers.rectificationPlan === '是', because: '未制定整改方案' },
  ];
  const applicable: ChainField[] = [];
  const notApplicable: { field: ChainField; because: string }[] = [];
  let reached = true;
  let because = '';
  for (const link of chain) {
    if (reached && !link.reachedWhen) {
      reached = false;
      because = link.because;
    }
    if (reached) applicable.push(link.field);
    else notApplicable.push({ field: link.field, because });
  }
  return { applicable, notApplicable };
}

export function securitySchema(mode: FormMode) {
  const f = fieldsFor(mode);
  const inChain = { optional: true } as const; // required by the chain instead
  return sectionObject(
    '安全防护保障',
    {
      classifiedManagement: f.choice(L.classifiedManagement, YES_NO),
      commensurateProtection: f.choice(L.commensurateProtection, YES_NO, inChain),
      rectificationPlan: f.choice(L.rectificationPlan, YES_NO, inChain),
      rectificationMeasures: f.text(L.rectificationMeasures, { ...inChain, max: TEXT_MAX.long }),
      protectionCapability: f.text(L.protectionCapability, { max: TEXT_MAX.long }),
    },
    mode,
    (security, report) => {
      if (security.classifiedManagement !== '是' && security.classifiedManagement !== '否') return; // reported already
      const { applicable, notApplicable } = securityChain(security);
      for (const field of applicable) {
        if (isBlank(security[field])) {
          report([field], field === 'rectificationMeasures' ? messages.required(L[field]) : messages.requiredChoice(L[field]));
        }
      }
      for (const { field, because } of notApplicable) {
        if (!isBlank(security[field])) report([field], messages.mustBeEmpty(because, L[field]));
      }
    },
  );
}
