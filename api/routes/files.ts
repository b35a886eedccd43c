/**
 * Images of the declaration form (现场拓扑图, 现场网络组网拓扑图): upload and fetch.
 *
 * Upload (enterprise users only): multipart field `file`, at most 5 MB, PNG or JPEG.
 * - The type is decided by the content (magic bytes). The declared Content-Type is ignored, and the stored type,
 *   which the file is later served with, is the detected one.
 * - The file name must still end in .png/.jpg/.jpeg. A PNG renamed .exe is refused (issue 5, acceptance 3): the
 *   name is what the user's computer and anyone who saves the image go by, a .exe name on an image is a mistake
 *   or tampering, and renaming costs the user nothing. A .jpg that is really a PNG (or the reverse) is accepted —
 *   phones and chat apps produce those all the time — and stored as what it is.
 * Fetch: the owner, or whoever may read a submission of the owner whose form shows the file; everyone else gets
 * the same 404 as for a file that does not exist.
 */
import multer from 'multer';
import { z } from 'zod';
import type { Request, Response } from 'express';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { ApiError, forbidden, notFound, tooManyRequests, unprocessable } from '../errors';
import { audit } from '../audit';
import { sanitiseImage } from '../files/imageSafety';
import { detectImageType, hasImageExtension, EXTENSION_OF } from '../files/imageType';
import { countUploadsSince, fileUrl, findFile, storeImage, type StoredFile } from '../files/storage';
import { submissionsShowing } from '../files/references';
import { loadVisible, resourceOf } from '../projects/access';
import { can } from '../../domain/authz';
import { authzActor } from '../projects/workflowGateway';
import type { Actor } from '../../domain/roles';
import { onlyRoles } from '../guards';
import { sendStoredFile } from '../files/send';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Enough for every image of many declarations; stops a script from filling the disk. */
export const MAX_UPLOADS_PER_DAY = 200;

export const FILE_MESSAGES = {
  tooLarge: '图片不能超过5MB',
  notAnImage: '仅支持PNG或JPEG格式的图片',
  badExtension: '图片文件名须以.png、.jpg或.jpeg结尾',
  missing: '请选择要上传的图片',
  oneFile: '每次只能上传一张图片，字段名为file',
  notFound: '图片不存在',
  enterpriseOnly: '只有企业用户可以上传项目图片',
  tooMany: `每天最多上传${MAX_UPLOADS_PER_DAY}张图片，请明天再试`,
} as const;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
  // Browsers send UTF-8 file names (现场拓扑图.png); busboy's default would read them as latin1.
  defParamCharset: 'utf8',
}).single('file');

const FileView = z.object({
  id: z.string().uuid(),
  mime: z.enum(['image/png', 'image/jpeg']),
  size: z.number().int(),
  url: z.string(),
});

const view = (f: StoredFile) => ({ id: f.id, mime: f.mime, size: f.size, url: fileUrl(f.id) });

function parseMultipart(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    upload(req, res, (err: unknown) => (err ? reject(mapMulterError(err)) : resolve()));
  });
}

function mapMulterError(err: unknown): ApiError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return new ApiError(413, 'FILE_TOO_LARGE', FILE_MESSAGES.tooLarge);
    return unprocessable(FILE_MESSAGES.oneFile, [{ path: 'file', message: FILE_MESSAGES.oneFile }], 'INVALID_UPLOAD');
  }
  // busboy: a body that is not well-formed multipart.
  return new ApiError(400, 'MALFORMED_MULTIPART', '上传的数据格式不正确，请重新选择图片上传');
}

/** Whether the actor may see the file: its owner, or a reader of a submission (of the owner) that shows it. */
async function maySee(deps: AppDeps, file: StoredFile, actor: Actor): Promise<boolean> {
  if (actor.role === 'enterprise' && actor.userId === file.ownerId) return true;
  for (const submissionId of await submissionsShowing(deps.sequelize, file.id, file.ownerId)) {
    try {
      const row = await loadVisible(deps, submissionId, actor);
      if (can(authzActor(actor), 'file.read', resourceOf(row))) return true;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }
  return false;
}

export function fileRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/files',
      summary: '上传项目图片（现场拓扑图、组网拓扑图）：PNG或JPEG（按文件内容判断），不超过5MB，宽高不超过10000像素、总像素不超过5000万；保存前去除EXIF等元数据；字段名 file',
      tags: ['图片'],
      auth: 'user',
      access: onlyRoles(['enterprise'], FILE_MESSAGES.enterpriseOnly),
      status: 201,
      rawBody: true,
      body: z.object({ file: z.string().describe('PNG或JPEG图片文件（二进制），不超过5MB') }),
      response: FileView,
      errors: [400, 413, 429],
    },
    async ({ req, res, actor }) => {
      if (actor.role !== 'enterprise') {
        req.resume(); // read and drop the body so the client gets the answer instead of a reset connection
        throw forbidden(FILE_MESSAGES.enterpriseOnly);
      }
      const now = deps.clock();
      if ((await countUploadsSince(deps.sequelize, actor.userId, new Date(now.getTime() - 24 * 3600_000))) >= MAX_UPLOADS_PER_DAY) {
        req.resume();
        throw tooManyRequests(FILE_MESSAGES.tooMany);
      }
      await parseMultipart(req, res);
      const file = req.file;
      if (!file) throw unprocessable(FILE_MESSAGES.missing, [{ path: 'file', message: FILE_MESSAGES.missing }], 'FILE_REQUIRED');
      const mime = detectImageType(file.buffer);
      if (!mime) {
        await audit(deps.sequelize, { action: 'file.upload', outcome: 'refused', actor, details: { reason: 'not an image', size: file.size } }, req);
        throw unprocessable(FILE_MESSAGES.notAnImage, [{ path: 'file', message: FILE_MESSAGES.notAnImage }], 'UNSUPPORTED_IMAGE');
      }
      if (!hasImageExtension(file.originalname ?? '')) {
        await audit(deps.sequelize, { action: 'file.upload', outcome: 'refused', actor, details: { reason: 'extension', mime, size: file.size } }, req);
        throw unprocessable(FILE_MESSAGES.badExtension, [{ path: 'file', message: FILE_MESSAGES.badExtension }], 'UNSUPPORTED_IMAGE');
      }
      // Decompression bombs refused, EXIF and other metadata removed before anything is stored (issue 14.8).
      const safe = sanitiseImage(file.buffer, mime);
      if (!safe.ok) {
        await audit(deps.sequelize, { action: 'file.upload', outcome: 'refused', actor, details: { reason: safe.reason, mime, size: file.size, width: safe.width, height: safe.height } }, req);
        throw unprocessable(safe.message, [{ path: 'file', message: safe.message }], safe.reason === 'tooBig' ? 'IMAGE_TOO_BIG' : 'IMAGE_DAMAGED');
      }
      const stored = await storeImage(deps.sequelize, deps.env.UPLOAD_DIR, { ownerId: actor.userId, content: safe.content, mime, originalName: file.originalname, at: now });
      await audit(deps.sequelize, { action: 'file.upload', actor, targetType: 'file', targetId: stored.id, details: { mime, size: stored.size, sha256: stored.sha256 } }, req);
      return view(stored);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/files/:id',
      summary: '查看项目图片（上传者本人，或可查看引用该图片的项目的用户）',
      tags: ['图片'],
      auth: 'user',
      access: 'signed-in',
      params: z.object({ id: z.string().uuid('图片编号格式不正确') }),
      response: { contentType: 'image/png', description: 'PNG或JPEG图片' },
      errors: [404],
    },
    async ({ params, actor, res }) => {
      const file = await findFile(deps.sequelize, params.id.toLowerCase());
      if (!file || !(await maySee(deps, file, actor))) throw notFound(FILE_MESSAGES.notFound);
      await sendStoredFile(deps, res, file, { missing: '图片文件已丢失，请重新上传', logAs: 'uploaded file missing on disk' }, {
        'Content-Disposition': `inline; filename="${file.id}.${EXTENSION_OF[file.mime]}"`,
        // A declaration's image is confidential: no cache keeps it (who may see it can change at any time).
        'Cache-Control': 'no-store',
        ETag: `"${file.sha256}"`,
      });
    },
  );
}
