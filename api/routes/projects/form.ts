/** The enterprise's declaration form: 暂存 one tab, and 提交 the whole form (SPEC §3, §6). */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { conflict, unprocessable, ApiError } from '../../errors';
import { projectGuard, loadFor } from '../../projects/access';
import { enterpriseHasEligibilityException, readProjectView } from '../../projects/detail';
import { act, updateIdFrom } from '../../projects/workflowGateway';
import { getCampaign, campaignLike } from '../../projects/campaigns';
import { saveSection, type SectionSaveAction } from '../../projects/sectionSave';
import { effectiveProfile } from '../../../db/enterpriseProfile';
import { assertOwnedFiles } from '../../files/references';
import { deadlinesFor } from '../../../domain/campaign';
import {
  MATERIAL_MESSAGES,
  ORDER_MESSAGES,
  SECTION_KEYS,
  saveOrderProblems,
  sectionOpen,
  validateSection,
  type SectionKey,
} from '../../../domain/form';
import { submitProblems } from '../../../domain/form/completeness';
import { IdParams } from './params';

export function projectFormRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'put',
      path: '/api/projects/:id/sections/:section',
      summary: '暂存一个分页签（格式校验；已提交的项目保存时校验全部内容）；更新表单版本号。须先暂存项目情况（含项目名称）；相关材料通过 /materials 上传和删除',
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps, 'project.edit'),
      params: IdParams.extend({ section: z.enum(SECTION_KEYS, { error: '分页签不存在' }) }),
      body: z.record(z.string(), z.unknown(), { error: '请求体须为对象' }),
      errors: [404, 409, 503],
    },
    async ({ params, body, actor, req }) => {
      const row = await loadFor(deps, params.id, actor, 'project.edit');
      const section = params.section as SectionKey;
      // 相关材料 are uploaded and removed through /api/projects/:id/materials, which writes their entries.
      if (section === 'materials') throw unprocessable(MATERIAL_MESSAGES.notTyped, [{ section, path: 'items', message: MATERIAL_MESSAGES.notTyped }], 'MATERIALS_NOT_TYPED');
      // The manual's order: 项目基本情况 first (drafts made before the rule may still lack it).
      if (!sectionOpen(section, row.sections)) throw conflict(ORDER_MESSAGES.basicInfoFirst, 'BASIC_INFO_FIRST');
      const checked = validateSection(section, body, 'draft');
      if (!checked.ok) throw unprocessable('保存失败，请检查标注的字段', checked.problems);
      const order = saveOrderProblems(section, checked.value);
      if (order.length) throw unprocessable('保存失败，请检查标注的字段', order);
      // Images must be the enterprise's own uploads: an id from elsewhere would expose another enterprise's file.
      const foreign = await assertOwnedFiles(deps.sequelize, row.enterprise_id, { [section]: checked.value });
      if (foreign.length) throw unprocessable('保存失败，请检查标注的字段', foreign);
      const state = row.state!;
      let stage = state.stage;
      let provinceCode = state.provinceCode;
      let cityCode = state.cityCode;
      if (section === 'projectInfo') {
        const info = checked.value as { stage?: '建设中' | '建设完成'; address?: { provinceCode?: string; cityCode?: string } };
        stage = info.stage ?? null;
        provinceCode = info.address?.provinceCode ?? '';
        cityCode = info.address?.cityCode ?? '';
      }
      const action: SectionSaveAction = { type: 'save', formVersion: state.formVersion + 1, stage, provinceCode, cityCode };
      if (provinceCode !== state.provinceCode) {
        const campaign = await getCampaign(deps.sequelize, row.year);
        const rule = deadlinesFor(campaignLike(campaign!), provinceCode);
        action.cityReviewRule = { required: rule.cityReviewRequired, deadline: rule.deadlines.cityReview };
      }
      // Checked as a submit would, too; a submitted project refuses it unless complete (api/projects/sectionSave.ts).
      await saveSection(deps, req, row, actor, action, section, checked.value);
      return readProjectView(deps, params.id, actor);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/projects/:id/submit',
      summary: '提交：校验全部页签（含相关材料）、企业信息与申报主体资格，422 时列出每一处缺失或错误 { section, path, message }',
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps, 'project.submit'),
      params: IdParams,
      errors: [404, 409, 503],
    },
    async ({ params, actor, req }) => {
      const row = await loadFor(deps, params.id, actor, 'project.submit');
      // The same check the form's completeness meter runs in the browser (domain/form/completeness.ts).
      const [profile, eligibilityException] = await Promise.all([
        effectiveProfile(deps.sequelize, row.enterprise_id, row.year),
        enterpriseHasEligibilityException(deps, row.enterprise_id),
      ]);
      const problems = submitProblems({ sections: row.sections as Record<SectionKey, unknown>, enterprise: profile.data, year: row.year, eligibilityException });
      if (problems.length) throw new ApiError(422, 'SUBMISSION_INCOMPLETE', `还有${problems.length}处内容未填写或有误，请修改后再提交`, problems);
      await act(deps, row.workflow_id, actor, { type: 'submit', formVersion: row.state!.formVersion }, undefined, updateIdFrom(req, actor));
      return readProjectView(deps, params.id, actor);
    },
  );
}
