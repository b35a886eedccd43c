/**
 * 相关材料 of a declaration (issue 12.5): upload (PDF, JPEG or PNG by content, ≤ 20 MB, ≤ 20 per declaration), remove,
 * and download. Uploading and removing are saves of the form's `materials` section through the submission workflow
 * (暂存: the form version moves on, the history records it; a submitted project must stay complete), so a version of
 * the form keeps the materials it had. A removed material's file stays with the declaration and can still be
 * downloaded by whoever may read it, as that version shows it.
 */
import multer from 'multer';
import { z } from 'zod';
import type { Request, Response } from 'express';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { ApiError, conflict, notFound, unprocessable } from '../../errors';
import { audit } from '../../audit';
import { projectGuard, loadFor } from '../../projects/access';
import { readProjectView } from '../../projects/detail';
import { saveSection } from '../../projects/sectionSave';
import { authzActor } from '../../projects/workflowGateway';
import type { SubmissionRow } from '../../projects/repository';
import { detectMaterialType, findMaterialFile, hasMaterialExtension, removeStoredFiles, storeMaterial } from '../../files/materials';
import { sendStoredFile } from '../../files/send';
import {
  MATERIAL_KINDS,
  MATERIAL_KIND_LABELS,
  MATERIAL_MESSAGES,
  MAX_MATERIALS,
  MAX_MATERIAL_BYTES,
  ORDER_MESSAGES,
  materialItems,
  sectionOpen,
  type MaterialItem,
  type SectionKey,
} from '../../../domain/form';
import { actionAvailability } from '../../../domain/lifecycle/transitions';
import type { Actor } from '../../../domain/roles';
import { IdParams } from './params';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_MATERIAL_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 7 },
  defParamCharset: 'utf8',
}).single('file');

function parseMultipart(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      req.resume();
      return reject(unprocessable(MATERIAL_MESSAGES.missingFile, [{ path: 'file', message: MATERIAL_MESSAGES.missingFile }], 'FILE_REQUIRED'));
    }
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return reject(new ApiError(413, 'FILE_TOO_LARGE', MATERIAL_MESSAGES.tooLarge));
        return reject(unprocessable('每次只能上传一个材料文件，字段名为file', [{ path: 'file', message: '每次只能上传一个材料文件，字段名为file' }], 'INVALID_UPLOAD'));
      }
      reject(new ApiError(400, 'MALFORMED_MULTIPART', '上传的数据格式不正确，请重新选择文件上传'));
    });
  });
}

const items = (row: SubmissionRow): MaterialItem[] => materialItems((row.sections as Record<string, unknown>).materials) as MaterialItem[];

/** Refuse before anything is stored when the declaration cannot be changed now (phase, deadline), with the reason. */
function assertEditableNow(deps: AppDeps, row: SubmissionRow, actor: Actor): void {
  const save = actionAvailability(row.state!, authzActor(actor), deps.clock().toISOString()).find((a) => a.type === 'save');
  if (save && !save.allowed) throw conflict(save.message, save.code);
  if (!sectionOpen('materials', row.sections as Record<SectionKey, unknown>)) throw conflict(ORDER_MESSAGES.basicInfoFirst, 'BASIC_INFO_FIRST');
}

/** Save the materials section through the workflow, as 暂存 of a tab does. */
async function saveMaterials(deps: AppDeps, req: Request, row: SubmissionRow, actor: Actor, list: MaterialItem[]) {
  const data = { items: list };
  const state = row.state!;
  // A submitted project stays complete (SPEC §3): removing a required material is refused (api/projects/sectionSave.ts).
  await saveSection(deps, req, row, actor, { type: 'save', formVersion: state.formVersion + 1, stage: state.stage, provinceCode: state.provinceCode, cityCode: state.cityCode }, 'materials', data);
}

export function projectMaterialRoutes(routes: Routes, deps: AppDeps): void {
  const FileParams = IdParams.extend({ fileId: z.string().uuid('材料编号格式不正确').transform((id) => id.toLowerCase()) });

  routes.add(
    {
      method: 'post',
      path: '/api/projects/:id/materials',
      summary: `上传相关材料（企业，multipart：kind = ${MATERIAL_KINDS.join(' | ')}，file = PDF、JPEG 或 PNG（按文件内容判断），不超过20MB；每个申报最多${MAX_MATERIALS}个）；作为一次暂存记入表单版本`,
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps, 'project.edit'),
      params: IdParams,
      status: 201,
      rawBody: true,
      body: z.object({ kind: z.enum(MATERIAL_KINDS), file: z.string().describe('PDF、JPEG或PNG文件（二进制），不超过20MB') }),
      errors: [404, 409, 413, 503],
    },
    async ({ params, actor, req, res }) => {
      let row: SubmissionRow;
      try {
        row = await loadFor(deps, params.id, actor, 'project.edit');
        assertEditableNow(deps, row, actor);
        if (items(row).length >= MAX_MATERIALS) throw unprocessable(MATERIAL_MESSAGES.tooMany, [{ section: 'materials', path: 'items', message: MATERIAL_MESSAGES.tooMany }], 'TOO_MANY_MATERIALS');
      } catch (err) {
        req.resume(); // read and drop the body so the client gets the answer instead of a reset connection
        throw err;
      }
      await parseMultipart(req, res);
      const kind = z.enum(MATERIAL_KINDS).safeParse((req.body as { kind?: unknown } | undefined)?.kind);
      if (!kind.success) throw unprocessable(MATERIAL_MESSAGES.kindRequired, [{ path: 'kind', message: MATERIAL_MESSAGES.kindRequired }]);
      const file = req.file;
      if (!file) throw unprocessable(MATERIAL_MESSAGES.missingFile, [{ path: 'file', message: MATERIAL_MESSAGES.missingFile }], 'FILE_REQUIRED');
      const mime = detectMaterialType(file.buffer);
      if (!mime) {
        await audit(deps.sequelize, { action: 'material.upload', outcome: 'refused', actor, targetType: 'submission', targetId: row.id, details: { reason: 'type', size: file.size } }, req);
        throw unprocessable(MATERIAL_MESSAGES.wrongType, [{ path: 'file', message: MATERIAL_MESSAGES.wrongType }], 'UNSUPPORTED_MATERIAL');
      }
      if (!hasMaterialExtension(file.originalname ?? '')) {
        throw unprocessable(MATERIAL_MESSAGES.badExtension, [{ path: 'file', message: MATERIAL_MESSAGES.badExtension }], 'UNSUPPORTED_MATERIAL');
      }
      const now = deps.clock();
      const stored = await storeMaterial(deps.sequelize, deps.env.UPLOAD_DIR, { ownerId: row.enterprise_id, submissionId: row.id, content: file.buffer, mime, originalName: file.originalname, at: now });
      const entry: MaterialItem = { fileId: stored.id, kind: kind.data, name: stored.name, size: stored.size, mime, uploadedBy: actor.displayName, uploadedAt: now.toISOString() };
      try {
        await saveMaterials(deps, req, row, actor, [...items(row), entry]);
      } catch (err) {
        // Nothing half-applied: a material the form does not list is not kept.
        await removeStoredFiles(deps.sequelize, deps.env.UPLOAD_DIR, { ids: [stored.id] });
        throw err;
      }
      await audit(
        deps.sequelize,
        { action: 'material.upload', actor, targetType: 'submission', targetId: row.id, details: { fileId: stored.id, kind: kind.data, kindLabel: MATERIAL_KIND_LABELS[kind.data], mime, size: stored.size, sha256: stored.sha256 } },
        req,
      );
      return readProjectView(deps, row.id, actor);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/projects/:id/materials/:fileId',
      summary: '删除一个相关材料（企业）；作为一次暂存记入表单版本，已保存的版本仍列出它，其文件仍可下载',
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps, 'project.edit'),
      params: FileParams,
      errors: [404, 409, 503],
    },
    async ({ params, actor, req }) => {
      const row = await loadFor(deps, params.id, actor, 'project.edit');
      assertEditableNow(deps, row, actor);
      const current = items(row);
      const removed = current.find((i) => i.fileId === params.fileId);
      if (!removed) throw notFound(MATERIAL_MESSAGES.notFound);
      await saveMaterials(deps, req, row, actor, current.filter((i) => i.fileId !== params.fileId));
      await audit(deps.sequelize, { action: 'material.remove', actor, targetType: 'submission', targetId: row.id, details: { fileId: removed.fileId, kind: removed.kind, name: removed.name } }, req);
      return readProjectView(deps, row.id, actor);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/projects/:id/materials/:fileId',
      summary: '下载相关材料（可查看该项目的用户；包括已从当前表单删除、仍在已保存版本中的材料）',
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps, 'file.read'),
      params: FileParams,
      response: { contentType: 'application/pdf', description: 'PDF、JPEG或PNG文件' },
      errors: [404],
    },
    async ({ params, actor, res }) => {
      const row = await loadFor(deps, params.id, actor, 'file.read');
      const file = await findMaterialFile(deps.sequelize, row.id, params.fileId);
      if (!file) throw notFound(MATERIAL_MESSAGES.notFound);
      // Always a download: a PDF shown inline would run in the platform's origin.
      const ext = file.mime === 'application/pdf' ? 'pdf' : file.mime === 'image/png' ? 'png' : 'jpg';
      await sendStoredFile(deps, res, file, { missing: '材料文件已丢失，请重新上传', logAs: 'material file missing on disk' }, {
        'Content-Disposition': `attachment; filename="material.${ext}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'Cache-Control': 'private, no-store',
      });
    },
  );
}
