/** The form's sections (sub-tabs) and tabs, in the order the enterprise fills them in. */
export const SECTION_KEYS = [
  'projectInfo',
  'funding',
  'infrastructure',
  'siteUpgrade',
  'applications',
  'security',
  'outcomes',
  'materials',
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
  materials: '相关材料',
  contacts: '项目联系人',
};

/** The four tabs of the form, each with its sections in the order they are filled in. */
export const TABS = [
  { key: 'basic', label: '项目基本情况', sections: ['projectInfo', 'funding'] },
  { key: 'capability', label: '项目建设能力', sections: ['infrastructure', 'siteUpgrade', 'applications', 'security'] },
  // 相关材料 (合同协议, 验收报告, 证明材料) substantiate what the project achieved, so they sit beside 实施成效.
  { key: 'outcomes', label: '项目实施成效', sections: ['outcomes', 'materials'] },
  { key: 'enterprise', label: '企业实体信息', sections: ['contacts'] },
] as const satisfies readonly { key: string; label: string; sections: readonly SectionKey[] }[];
export type TabKey = (typeof TABS)[number]['key'];

export function tabOf(section: SectionKey): (typeof TABS)[number] {
  return TABS.find((tab) => (tab.sections as readonly SectionKey[]).includes(section))!;
}
