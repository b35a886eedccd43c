/**
 * 相关材料 (SPEC §6; 工信管函〔2025〕133号 “于3月31日前上传相关材料”; 粤工信工业互联网函〔2025〕10号 “合同协议等材料”):
 * the supporting documents of a declaration — 合同协议, 验收报告, 证明材料 — as PDF, JPEG or PNG files.
 *
 * The section holds one entry per uploaded material, with what the list shows (name, size, uploader, time) copied
 * from the stored file when it was uploaded. Entries are added and removed only by the material endpoints (the server
 * writes them), never typed; a saved version of the form therefore keeps the materials it had, and the file of a
 * material removed later stays readable in that version.
 *
 * On 提交 (cross-section, see `materialsSubmitProblems`): a 合同协议 is required — both notices ask for the project's
 * contracts — and a 验收报告 when the project is 建设完成 (a completed project has been accepted; only completed
 * projects may be recommended).
 */
import { z } from 'zod';
import { sectionObject, type FormMode } from './fields';
import { messages } from './messages';
import type { Problem } from './problems';

export const MATERIAL_KINDS = ['contract', 'acceptanceReport', 'proof'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  contract: '合同协议',
  acceptanceReport: '验收报告',
  proof: '证明材料',
};

/** PDF, JPEG or PNG, decided by content; at most 20 MB each and 20 per declaration. */
export const MATERIAL_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MaterialMime = (typeof MATERIAL_MIMES)[number];
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;
export const MAX_MATERIALS = 20;

export const MATERIALS_LABELS = {
  items: '相关材料',
  // What 提交 asks for, as the problems' paths (there is no typed field: a material is an uploaded file).
  contract: '合同协议',
  acceptanceReport: '验收报告',
  'items[].fileId': '文件',
  'items[].kind': '材料类型',
  'items[].name': '文件名',
  'items[].size': '文件大小',
  'items[].mime': '文件类型',
  'items[].uploadedBy': '上传人',
  'items[].uploadedAt': '上传时间',
} as const;

export const MATERIAL_MESSAGES = {
  tooMany: `相关材料最多上传${MAX_MATERIALS}个`,
  tooLarge: '材料文件不能超过20MB',
  wrongType: '材料仅支持PDF、JPEG或PNG格式（按文件内容判断）',
  badExtension: '材料文件名须以.pdf、.jpg、.jpeg或.png结尾',
  missingFile: '请选择要上传的材料文件',
  kindRequired: '请选择材料类型',
  notFound: '材料不存在',
  notTyped: '相关材料请通过“上传材料”和“删除”修改',
  contractRequired: `请上传${MATERIAL_KIND_LABELS.contract}`,
  acceptanceRequired: `实施阶段为“建设完成”的项目，请上传${MATERIAL_KIND_LABELS.acceptanceReport}`,
} as const;

const L = MATERIALS_LABELS;
const item = z.object(
  {
    fileId: z.string({ error: messages.invalidFileId(L['items[].fileId']) }).uuid(messages.invalidFileId(L['items[].fileId'])),
    kind: z.enum(MATERIAL_KINDS, { error: messages.invalidChoice(L['items[].kind']) }),
    name: z.string({ error: messages.notText(L['items[].name']) }).max(200, messages.tooLong(L['items[].name'], 200)),
    size: z
      .number({ error: messages.notANumber(L['items[].size']) })
      .int(messages.notAnInteger(L['items[].size']))
      .min(0, messages.negative(L['items[].size']))
      .max(MAX_MATERIAL_BYTES, MATERIAL_MESSAGES.tooLarge),
    mime: z.enum(MATERIAL_MIMES, { error: MATERIAL_MESSAGES.wrongType }),
    uploadedBy: z.string({ error: messages.notText(L['items[].uploadedBy']) }).max(100, messages.tooLong(L['items[].uploadedBy'], 100)),
    uploadedAt: z.string({ error: messages.notText(L['items[].uploadedAt']) }).max(40, messages.tooLong(L['items[].uploadedAt'], 40)),
  },
  { error: messages.invalidRow },
);
export type MaterialItem = z.output<typeof item>;

/** The same in both modes: every entry is written by the server; what is required is a cross-section rule. */
export function materialsSchema(mode: FormMode) {
  return sectionObject(
    MATERIALS_LABELS.items,
    {
      items: z.preprocess(
        (value) => (value === undefined || value === null ? [] : value),
        z.array(item, { error: messages.invalidList(MATERIALS_LABELS.items) }).max(MAX_MATERIALS, MATERIAL_MESSAGES.tooMany),
      ),
    },
    mode,
  );
}

/** What 提交 requires of the materials, given the whole form (the 验收报告 rule reads 项目情况's 实施阶段). */
export function requiredMaterialKinds(sections: { projectInfo?: unknown }): MaterialKind[] {
  const stage = (sections.projectInfo as { stage?: unknown } | undefined)?.stage;
  return stage === '建设完成' ? ['contract', 'acceptanceReport'] : ['contract'];
}

export function materialItems(materials: unknown): { kind?: unknown }[] {
  const items = (materials as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.filter((i): i is { kind?: unknown } => !!i && typeof i === 'object') : [];
}

/** The missing required materials, as problems at the pseudo-path of their kind (`contract`, `acceptanceReport`). */
export function materialsSubmitProblems(sections: { projectInfo?: unknown; materials?: unknown }): Problem[] {
  const kinds = new Set(materialItems(sections.materials).map((i) => i.kind));
  return requiredMaterialKinds(sections)
    .filter((kind) => !kinds.has(kind))
    .map((kind) => ({
      section: 'materials' as const,
      path: kind,
      message: kind === 'contract' ? MATERIAL_MESSAGES.contractRequired : MATERIAL_MESSAGES.acceptanceRequired,
    }));
}
