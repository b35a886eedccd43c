/**
 * Uploaded images (现场拓扑图, 组网拓扑图) on disk and in table `files`.
 *
 * Files live under env.UPLOAD_DIR, outside the web root (nothing serves that folder statically): the only way in
 * is GET /api/files/:id, which checks who asks. The name on disk is a fresh uuid, sharded by its first two hex
 * digits; nothing the user sent (file name, path, declared type) is part of it. The row records the owner, the
 * detected MIME type, the size and the sha256 of the content.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { ImageMime } from './imageType';
import { cleanText } from '../../domain/text';

export interface StoredFile {
  id: string;
  ownerId: string;
  storageName: string;
  originalName: string | null;
  mime: ImageMime;
  size: number;
  sha256: string;
  createdAt: Date;
}

interface FileRow {
  id: string;
  owner_id: string;
  storage_name: string;
  original_name: string | null;
  mime: ImageMime;
  size: number;
  sha256: string;
  created_at: Date;
}

const fromRow = (r: FileRow): StoredFile => ({
  id: r.id,
  ownerId: r.owner_id,
  storageName: r.storage_name,
  originalName: r.original_name,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  createdAt: r.created_at,
});

/** Where a stored file is on disk; storage names are generated here, so the join cannot leave UPLOAD_DIR. */
export function diskPath(uploadDir: string, storageName: string): string {
  return path.join(path.resolve(uploadDir), storageName);
}

/** The URL the file is fetched from (with the caller's token: the API checks who may see it). */
export const fileUrl = (id: string) => `/api/files/${id}`;

/**
 * Only a display name is kept from what the client sent: no folders, nothing the text rule refuses (control
 * characters, lone surrogates… dropped, domain/text.ts), NFC, at most 200 characters.
 */
export function displayName(originalName: string | undefined): string | null {
  if (!originalName) return null;
  const base = originalName.split(/[\\/]/).pop() ?? '';
  const clean = cleanText(base, 200).trim();
  return clean || null;
}

export async function storeImage(
  sequelize: Sequelize,
  uploadDir: string,
  input: { ownerId: string; content: Buffer; mime: ImageMime; originalName: string | undefined; at: Date },
): Promise<StoredFile> {
  const id = crypto.randomUUID();
  const storageName = `${id.slice(0, 2)}/${id}`;
  const target = diskPath(uploadDir, storageName);
  const sha256 = crypto.createHash('sha256').update(input.content).digest('hex');
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
  // 'wx': never overwrite; the file is readable by the service only.
  await fs.promises.writeFile(target, input.content, { flag: 'wx', mode: 0o640 });
  try {
    const [rows] = await sequelize.query(
      `INSERT INTO files (id, owner_id, storage_name, original_name, mime, size, sha256, created_at)
       VALUES (:id, :ownerId, :storageName, :originalName, :mime, :size, :sha256, :at) RETURNING *`,
      {
        replacements: {
          id,
          ownerId: input.ownerId,
          storageName,
          originalName: displayName(input.originalName),
          mime: input.mime,
          size: input.content.length,
          sha256,
          at: input.at,
        },
      },
    );
    return fromRow((rows as FileRow[])[0]);
  } catch (err) {
    // No row, no file: a failed insert must not leave an unreachable file behind.
    await fs.promises.rm(target, { force: true });
    throw err;
  }
}

export async function findFile(sequelize: Sequelize, id: string): Promise<StoredFile | null> {
  const [rows] = await sequelize.query('SELECT * FROM files WHERE id = :id', { replacements: { id } });
  const row = (rows as FileRow[])[0];
  return row ? fromRow(row) : null;
}

/** How many images the owner uploaded since `since` (the daily upload cap). */
export async function countUploadsSince(sequelize: Sequelize, ownerId: string, since: Date): Promise<number> {
  const [rows] = await sequelize.query('SELECT count(*)::int AS n FROM files WHERE owner_id = :ownerId AND created_at >= :since', {
    replacements: { ownerId, since },
  });
  return (rows as { n: number }[])[0].n;
}
