/**
 * 删除草稿 (issue 12.3): the enterprise deletes a declaration it never submitted. The submission workflow takes the
 * `deleteDraft` action — refused unless the project is a 暂存 draft that was never submitted — records 删除 in its
 * history and the audit log, and ends. Then the declaration's row goes with its form versions and history, its
 * 相关材料, the images only it shows, and the project itself when no other year declares it. The audit log keeps the
 * 删除 entries (the workflow's `project.deleteDraft` and this route's `project.delete` with the project's name).
 *
 * A retry after a crash between the two steps finds the workflow's state marked deleted and finishes the clean-up.
 */
import fs from 'node:fs';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { conflict } from '../../errors';
import { audit } from '../../audit';
import { projectGuard, loadFor } from '../../projects/access';
import { act, updateIdFrom } from '../../projects/workflowGateway';
import type { SubmissionRow } from '../../projects/repository';
import { IMAGE_FIELDS } from '../../files/references';
import { diskPath } from '../../files/storage';
import { IdParams } from './params';

export const DELETE_MESSAGES = {
  submitted: '项目已提交过，不能删除；如不再申报，可申请撤回',
} as const;

export function deleteProjectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'delete',
      path: '/api/projects/:id',
      summary:
        '删除草稿（企业）：只能删除从未提交过的暂存项目；申报流程随之结束，项目及其相关材料、仅本项目使用的图片一并删除，审计日志保留删除记录。已提交过的项目不能删除（409）',
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps, 'project.delete'),
      params: IdParams,
      errors: [404, 409, 503],
    },
    async ({ params, actor, req }) => {
      const row = await loadFor(deps, params.id, actor, 'project.delete');
      if (row.submitted_at) throw conflict(DELETE_MESSAGES.submitted, 'NOT_ALLOWED_IN_PHASE');
      // The workflow decides (a 提交 racing with this 删除 is either before it — refused here — or after — refused there).
      if (!row.state?.deleted) await act(deps, row.workflow_id, actor, { type: 'deleteDraft' }, undefined, updateIdFrom(req, actor));
      const removed = await removeDraftRows(deps, row);
      await audit(
        deps.sequelize,
        { action: 'project.delete', actor, targetType: 'submission', targetId: row.id, details: { name: row.name, year: row.year, projectId: row.project_id, files: removed.length } },
        req,
      );
      for (const storageName of removed) await fs.promises.rm(diskPath(deps.env.UPLOAD_DIR, storageName), { force: true });
      return { id: row.id, deleted: true };
    },
  );
}

/**
 * One transaction: the declaration's files (its 相关材料, and the images its form or its saved versions show that no
 * other declaration shows — a copy of last year's form shares last year's images), the row (history, versions, queue
 * rows and claims cascade), its notices, and the project when no other year declares it. Returns the storage names of
 * the removed files, to be removed from disk after the commit.
 */
async function removeDraftRows(deps: AppDeps, row: SubmissionRow): Promise<string[]> {
  return deps.sequelize.transaction(async (transaction) => {
    const q = async <T>(sql: string, replacements: Record<string, unknown>) => (await deps.sequelize.query(sql, { replacements, transaction }))[0] as T[];
    const images = (where: string) =>
      IMAGE_FIELDS.map(
        (f) =>
          `SELECT s.sections -> '${f.section}' ->> '${f.field}' AS id FROM submissions s WHERE ${where.replace(/\$/g, 's')}
           UNION SELECT v.data ->> '${f.field}' FROM form_versions v JOIN submissions s ON s.id = v.submission_id WHERE v.section = '${f.section}' AND ${where.replace(/\$/g, 's')}`,
      ).join(' UNION ');
    const ids = await q<{ id: string }>(
      `SELECT id FROM files WHERE submission_id = :id
       UNION
       SELECT f.id FROM files f
        WHERE f.owner_id = :enterpriseId AND f.submission_id IS NULL
          AND f.id::text IN (${images('$.id = :id')})
          AND f.id::text NOT IN (SELECT x.id FROM (${images('$.enterprise_id = :enterpriseId AND $.id <> :id')}) x WHERE x.id IS NOT NULL)`,
      { id: row.id, enterpriseId: row.enterprise_id },
    );
    await q('DELETE FROM messages WHERE submission_id = :id', { id: row.id });
    await q('DELETE FROM submissions WHERE id = :id', { id: row.id });
    await q('DELETE FROM projects p WHERE p.id = :projectId AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.project_id = p.id)', { projectId: row.project_id });
    if (!ids.length) return [];
    const files = await q<{ storage_name: string }>('DELETE FROM files WHERE id IN (:ids) RETURNING storage_name', { ids: ids.map((r) => r.id) });
    return files.map((f) => f.storage_name);
  });
}
