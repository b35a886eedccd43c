/** The answer that streams one stored upload (an image of a form, a supporting material) back to its reader. */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { diskPath } from './storage';

/**
 * 200 with the file's own type and length, never sniffed, plus the caller's `headers` (disposition, caching); a 404
 * saying `missing` when the row exists but the file has gone from disk (logged as `logAs`).
 */
export async function sendStoredFile(
  deps: AppDeps,
  res: Response,
  file: { id: string; storageName: string; mime: string; size: number },
  refusal: { missing: string; logAs: string },
  headers: Record<string, string>,
): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(diskPath(deps.env.UPLOAD_DIR, file.storageName), 'r');
  } catch (err) {
    deps.logger.error({ err, fileId: file.id }, refusal.logAs);
    throw notFound(refusal.missing);
  }
  res.status(200);
  res.setHeader('Content-Type', file.mime);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  await pipeline(handle.createReadStream(), res);
}
