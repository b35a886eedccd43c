/**
 * 企业实体信息 › 项目联系人. The tab's 企业信息, 资金信息 and 单位联系人 come from the enterprise profile of the
 * campaign year (enterpriseProfile.ts); only the project's contact person is entered on the form.
 */
import { fieldsFor, sectionObject, type FormMode } from './fields';

export const CONTACTS_LABELS = {
  name: '项目联系人姓名',
  title: '项目联系人职务',
  mobile: '项目联系人手机',
  email: '项目联系人邮箱',
} as const;

const L = CONTACTS_LABELS;

export function contactsSchema(mode: FormMode) {
  const f = fieldsFor(mode);
  return sectionObject(
    '项目联系人',
    {
      name: f.text(L.name, { max: 50 }),
      title: f.text(L.title, { max: 50 }),
      mobile: f.mobile(L.mobile),
      email: f.email(L.email),
    },
    mode,
  );
}
