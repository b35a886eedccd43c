/** Path parameters shared by the /api/projects routes. */
import { z } from 'zod';

/**
 * `:id` of /api/projects/:id is the id of one year's declaration (申报, a `submissions` row), not of the project:
 * a project (`projects` row, `projectId` in answers) is declared again each year, and its workflow id
 * `submission:<year>:<projectId>` is built from the project id and the year.
 */
export const IdParams = z.object({
  id: z.string().uuid('项目编号格式不正确').describe('申报编号（列表与查看返回的 id，即某一年度的申报）；不是 projectId：同一项目每年申报一次，各有各的 id'),
});
