/**
 * Files of 相关材料 (issue 12.5): PDF, JPEG or PNG, decided by the content (magic bytes) — never by the name or the
 * declared type — at most 20 MB, stored like the images (api/files/storage.ts: a fresh uuid name under UPLOAD_DIR,
 * the sha256, the detected type) and tied to the declaration they were uploaded to (files.submission_id).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize, Transaction } from 'sequelize';
import { detectImageType } from './imageType';
import { diskPath, displayName } from './storage';
import type { MaterialMime } from '../../domain/form';

/** “%PDF-” then a version digit: the header every PDF starts with (ISO 32000-1 §7.5.2). */
export function detectMaterialType(content: Buffer): MaterialMime | null {
  if (content.length >= 8 && content.subarray(0, 5).toString('latin1') === '%PDF-' && /\d/.test(String.fromCharCode(content[5]!))) return 'application/pdf';
  return detectImageType(content);
}

export const MATERIAL_EXTENSIONS = ['.pdf', '.jpg', '.jpeg', '.png'] as const;

export function hasMaterialExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return MATERIAL_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export interface StoredMaterial {
  id: string;
  storageName: string;
  name: string;
  mime: MaterialMime;
  size: number;
  sha256: string;
}

export async function storeMaterial(
  sequelize: Sequelize,
  uploadDir: string,
  input: { ownerId: string; submissionId: string; content: Buffer; mime: MaterialMime; originalName: string | undefined; at: Date },
): Promise<StoredMaterial> {
  const id = crypto.randomUUID();
  const storageName = `${id.slice(0, 2)}/${id}`;
  const target = diskPath(uploadDir, storageName);
  const sha256 = crypto.createHash('sha256').update(input.content).digest('hex');
  const name = displayName(input.originalName) ?? `材料.${input.mime === 'application/pdf' ? 'pdf' : input.mime === 'image/png' ? 'png' : 'jpg'}`;
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
  await fs.promises.writeFile(target, input.content, { flag: 'wx', mode: 0o640 });
  try {
    await sequelize.query(
      `INSERT INTO files (id, owner_id, storage_name, original_name, mime, size, sha256, created_at, submission_id)
       VALUES (:id, :ownerId, :storageName, :name, :mime, :size, :sha256, :at, :submissionId)`,
      { replacements: { id, ownerId: input.ownerId, storageName, name, mime: input.mime, size: input.content.length, sha256, at: input.at, submissionId: input.submissionId } },
    );
  } catch (err) {
    await fs.promises.rm(target, { force: true });
    throw err;
  }
  return { id, storageName, name, mime: input.mime, size: input.content.length, sha256 };
}

/** The material file of a declaration, or null when the id is not one of its materials. */
export async function findMaterialFile(
  sequelize: Sequelize,
  submissionId: string,
  fileId: string,
): Promise<{ id: string; storageName: string; name: string; mime: MaterialMime; size: number; sha256: string } | null> {
  const [rows] = await sequelize.query(
    'SELECT id, storage_name, original_name, mime, size, sha256 FROM files WHERE id = :fileId AND submission_id = :submissionId',
    { replacements: { fileId, submissionId } },
  );
  const r = (rows as { id: string; storage_name: string; original_name: string | null; mime: MaterialMime; size: number; sha256: string }[])[0];
  return r ? { id: r.id, storageName: r.storage_name, name: r.original_name ?? r.id, mime: r.mime, size: r.size, sha256: r.sha256 } : null;
}

/** Remove a file's row and its content (a material whose save was refused; a deleted draft's files). */
export async function removeStoredFiles(sequelize: Sequelize, uploadDir: string, where: { ids: string[] }, transaction?: Transaction): Promise<void> {
  if (!where.ids.length) return;
  const [rows] = await sequelize.query('DELETE FROM files WHERE id IN (:ids) RETURNING storage_name', { replacements: { ids: where.ids }, transaction });
  for (const r of rows as { storage_name: string }[]) await fs.promises.rm(diskPath(uploadDir, r.storage_name), { force: true });
}
