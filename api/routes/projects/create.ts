/**
 * 新增项目: a draft declaration of this year and its submission workflow, created by the first 暂存 of 项目基本情况 ›
 * 项目情况 (with a 项目名称: 新增 alone creates nothing, issue 12.3) — or a copy of a past year's form (复制上年申报,
 * 进展更新), whose 相关材料 stay with that year's declaration.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { forbidden, notFound, unprocessable, conflict, unavailable } from '../../errors';
import { getSubmission } from '../../projects/repository';
import { readProjectView } from '../../projects/detail';
import { mapUpdateError } from '../../projects/workflowGateway';
import { answersWithin, TemporalDeadlinePassed, withinDeadline } from '../../temporalDeadline';
import { getCampaign, campaignLike } from '../../projects/campaigns';
import { deadlinesFor } from '../../../domain/campaign';
import { emptyForm, ORDER_MESSAGES, saveOrderProblems, validateSection } from '../../../domain/form';
import { assertOwnedFiles } from '../../files/references';
import { createdUpdate, submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE, type SubmissionWorkflowInput } from '../../../workflows/submission/contract';

export function createProjectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/projects',
      summary:
        '新增项目：首次暂存“项目基本情况”中的项目情况（projectInfo，须填写项目名称）即创建草稿；或 copyFrom 为往年申报的编号时，复制其表单作为本年度申报的起点（复制上年申报，相关材料不复制）',
      tags: ['5G工厂'],
      auth: 'user',
      access: (actor) => {
        if (actor.role !== 'enterprise') throw forbidden(actor.role === 'operator' ? '运营商账号只能查看企业邀请的项目，不能新增项目' : '只有企业用户可以新增项目');
      },
      status: 201,
      body: z.object({
        year: z.number().int().min(2020).max(2100).optional(),
        copyFrom: z.string().uuid('往年申报编号格式不正确').optional(),
        projectInfo: z.record(z.string(), z.unknown(), { error: '项目情况须为对象' }).optional(),
      }),
      errors: [404, 409, 503],
    },
    async ({ body, actor }) => {
      const year = body.year ?? (await latestOpenCampaignYear(deps));
      const campaign = await getCampaign(deps.sequelize, year);
      if (!campaign) throw notFound(`${year}年度申报批次不存在`);
      if (new Date(campaign.submission_deadline).getTime() <= deps.clock().getTime()) throw conflict(`${year}年度申报已截止，不能新增项目`, 'DEADLINE_PASSED');
      let projectId: string = crypto.randomUUID();
      let sections: Record<string, unknown> = emptyForm();
      if (body.copyFrom) {
        if (body.projectInfo) throw unprocessable('复制上年申报时不能同时填写项目情况', [{ path: 'projectInfo', message: '复制上年申报时不能同时填写项目情况' }]);
        const source = await getSubmission(deps.sequelize, body.copyFrom);
        if (!source || source.enterprise_id !== actor.userId) throw notFound('要复制的往年项目不存在');
        if (source.year >= year) throw unprocessable('只能从往年的申报复制', [{ path: 'copyFrom', message: '只能从往年的申报复制' }]);
        projectId = source.project_id;
        // Each year's declaration carries its own 相关材料 (their files belong to that year's declaration).
        sections = { ...emptyForm(), ...source.sections, materials: { items: [] } };
      } else {
        // The manual's order: the project comes into being with 项目情况, never as a nameless empty draft.
        if (!body.projectInfo) throw unprocessable(ORDER_MESSAGES.createWithProjectInfo, [{ section: 'projectInfo', path: 'name', message: ORDER_MESSAGES.createWithProjectInfo }], 'BASIC_INFO_FIRST');
        const checked = validateSection('projectInfo', body.projectInfo, 'draft');
        const problems = checked.ok ? saveOrderProblems('projectInfo', checked.value) : checked.problems;
        if (!checked.ok || problems.length) throw unprocessable('保存失败，请检查标注的字段', problems);
        const foreign = await assertOwnedFiles(deps.sequelize, actor.userId, { projectInfo: checked.value });
        if (foreign.length) throw unprocessable('保存失败，请检查标注的字段', foreign);
        sections = { ...sections, projectInfo: checked.value };
      }
      const projectInfo = (sections.projectInfo ?? {}) as { stage?: string; address?: { provinceCode?: string; cityCode?: string } };
      const provinceCode = projectInfo.address?.provinceCode ?? '';
      const rule = deadlinesFor(campaignLike(campaign), provinceCode);
      const submissionId = crypto.randomUUID();
      const workflowId = submissionWorkflowId(year, projectId);
      try {
        await deps.sequelize.transaction(async (transaction) => {
          await deps.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId) ON CONFLICT (id) DO NOTHING', {
            replacements: { projectId, enterpriseId: actor.userId },
            transaction,
          });
          await deps.sequelize.query(
            `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, phase, status_text)
             VALUES (:submissionId, :projectId, :year, :enterpriseId, :enterpriseName, :workflowId, CAST(:sections AS jsonb), 'draft', '暂存')`,
            { replacements: { submissionId, projectId, year, enterpriseId: actor.userId, enterpriseName: actor.orgName ?? actor.displayName, workflowId, sections: JSON.stringify(sections) }, transaction },
          );
        });
      } catch (err) {
        if ((err as { name?: string }).name === 'SequelizeUniqueConstraintError') throw conflict(`该项目已有${year}年度的申报`, 'ALREADY_DECLARED');
        throw err;
      }
      const input: SubmissionWorkflowInput = {
        submissionId,
        start: {
          projectId,
          year,
          enterpriseId: actor.userId,
          provinceCode,
          cityCode: projectInfo.address?.cityCode ?? '',
          stage: projectInfo.stage === '建设中' || projectInfo.stage === '建设完成' ? projectInfo.stage : null,
          formVersion: 0,
          cityReviewRequired: rule.cityReviewRequired,
          deadlines: rule.deadlines,
        },
        createdBy: { userId: actor.userId, displayName: actor.displayName, role: actor.role },
      };
      // Update-with-start: the workflow starts and answers once its first entry is projected, in one call.
      const start = new WithStartWorkflowOperation(SUBMISSION_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        searchAttributes: { Year: [year], ...(provinceCode ? { ProvinceCode: [provinceCode] } : {}) },
      });
      try {
        await withinDeadline(deps.temporal, () => deps.temporal.client.workflow.executeUpdateWithStart(createdUpdate, { startWorkflowOperation: start }));
      } catch (err) {
        // Nothing half-applied: without its workflow the row must not exist. A workflow that did start owns the row.
        // After the deadline (issue 15.7) the start's answer may have been cut off: Temporal is asked whether it runs.
        const late = err instanceof TemporalDeadlinePassed;
        const started = await start.workflowHandle().then(
          () => true,
          () => late && workflowExists(deps, workflowId),
        );
        if (!started) await deps.sequelize.query('DELETE FROM submissions WHERE id = :submissionId', { replacements: { submissionId } });
        if (late && started) throw unavailable('项目已创建，流程尚未处理完成，请稍后在项目列表中查看', 'ACTION_PENDING');
        if (late) throw unavailable('流程服务暂不可用，项目未创建，请稍后重试', 'TEMPORAL_UNAVAILABLE');
        throw mapUpdateError(err);
      }
      return readProjectView(deps, submissionId, actor);
    },
  );
}

/** Whether Temporal has an execution under this id (asked within a second; no answer counts as none). */
function workflowExists(deps: AppDeps, workflowId: string): Promise<boolean> {
  return answersWithin(deps.temporal, () => deps.temporal.client.workflow.getHandle(workflowId).describe());
}

/** The campaign an enterprise declares into by default: the latest one still open for submissions, else the latest. */
async function latestOpenCampaignYear(deps: AppDeps): Promise<number> {
  const [rows] = await deps.sequelize.query(
    'SELECT year FROM campaigns ORDER BY (submission_deadline > :now) DESC, year DESC LIMIT 1',
    { replacements: { now: deps.clock() } },
  );
  const row = (rows as { year: number }[])[0];
  if (!row) throw notFound('尚未设置申报批次，请联系工业和信息化部');
  return row.year;
}
