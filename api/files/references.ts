/**
 * Where the declaration form refers to uploaded images, and the two questions that follow from it:
 * may this enterprise put that file id in its form (it must own the file), and which submissions show a file
 * (whoever may read one of them may see the image).
 */
import type { Sequelize } from 'sequelize';
import { FIELD_LABELS, type Problem, type SectionKey } from '../../domain/form';

/**
 * The form's image fields (domain/form `f.fileId`): 项目情况 › 现场拓扑图 and 基础设施建设 › 现场网络组网拓扑图.
 * Both are top-level fields of their section.
 */
export const IMAGE_FIELDS = [
  { section: 'projectInfo', field: 'siteTopologyImage' },
  { section: 'infrastructure', field: 'networkTopologyImage' },
] as const satisfies readonly { section: SectionKey; field: string }[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL text of a submission's image field; 0004-files.ts indexes exactly these expressions. */
export const imageFieldSql = (f: (typeof IMAGE_FIELDS)[number]) => `(sections -> '${f.section}' ->> '${f.field}')`;

/** The file ids a partial form (some sections, as saved) refers to, with where it does. */
export function imageReferences(sections: Partial<Record<SectionKey, unknown>>): { section: SectionKey; field: string; fileId: string }[] {
  const found: { section: SectionKey; field: string; fileId: string }[] = [];
  for (const { section, field } of IMAGE_FIELDS) {
    const data = sections[section];
    if (!data || typeof data !== 'object') continue;
    const value = (data as Record<string, unknown>)[field];
    if (typeof value === 'string' && UUID.test(value.trim())) found.push({ section, field, fileId: value.trim().toLowerCase() });
  }
  return found;
}

/**
 * The form may only refer to images the enterprise uploaded itself: an id of another enterprise's file (guessed
 * or copied) would otherwise let it show — and read — that file through its own project.
 * `sections` is a partial form: `{ [section]: data }` for one saved section, or a whole form.
 * Returns one problem per foreign or unknown id, naming the field; empty when all is well.
 */
export async function assertOwnedFiles(sequelize: Sequelize, ownerId: string, sections: Partial<Record<SectionKey, unknown>>): Promise<Problem[]> {
  const refs = imageReferences(sections);
  if (!refs.length) return [];
  const [rows] = await sequelize.query('SELECT id FROM files WHERE owner_id = :ownerId AND id IN (:ids)', {
    replacements: { ownerId, ids: [...new Set(refs.map((r) => r.fileId))] },
  });
  const owned = new Set((rows as { id: string }[]).map((r) => r.id));
  return refs
    .filter((r) => !owned.has(r.fileId))
    .map((r) => ({ section: r.section, path: r.field, message: fileNotOwned(FIELD_LABELS[r.section][r.field] ?? '图片') }));
}

export const fileNotOwned = (label: string) => `${label}不存在或不是本企业上传的图片，请重新上传`;

/** Submissions of the file's owner whose form shows the file (current sections). */
export async function submissionsShowing(sequelize: Sequelize, fileId: string, ownerId: string): Promise<string[]> {
  const [rows] = await sequelize.query(
    `SELECT id FROM submissions WHERE enterprise_id = :ownerId AND (${IMAGE_FIELDS.map((f) => `${imageFieldSql(f)} = :fileId`).join(' OR ')})
      ORDER BY year DESC LIMIT 20`,
    { replacements: { fileId, ownerId } },
  );
  return (rows as { id: string }[]).map((r) => r.id);
}
