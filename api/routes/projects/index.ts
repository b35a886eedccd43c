/**
 * 5G工厂 projects (SPEC §6, §7), one file per job: create a draft, the list and its export, 查看, the enterprise's
 * form (save a tab, submit), every other workflow action, bulk
 * actions, 认领 and 对比版本. Reads come from the PostgreSQL projection; every
 * change goes through the submission workflow.
 */
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { createProjectRoutes } from './create';
import { listProjectRoutes } from './list';
import { exportProjectRoutes } from './export';
import { showProjectRoutes } from './show';
import { projectFormRoutes } from './form';
import { projectActionRoutes } from './actions';
import { bulkProjectRoutes } from './bulk';
import { projectClaimRoutes } from './claims';
import { projectVersionRoutes } from './versions';
import { projectMaterialRoutes } from './materials';
import { deleteProjectRoutes } from './delete';
import { projectImportRoutes } from './import';

export function projectRoutes(routes: Routes, deps: AppDeps): void {
  createProjectRoutes(routes, deps);
  bulkProjectRoutes(routes, deps); // a path of its own (POST /api/projects/bulk)
  projectImportRoutes(routes, deps); // POST /api/projects/import
  listProjectRoutes(routes, deps);
  exportProjectRoutes(routes, deps); // before showProjectRoutes: /api/projects/export is not /api/projects/:id
  showProjectRoutes(routes, deps);
  projectFormRoutes(routes, deps);
  projectActionRoutes(routes, deps);
  projectClaimRoutes(routes, deps);
  projectVersionRoutes(routes, deps);
  projectMaterialRoutes(routes, deps);
  deleteProjectRoutes(routes, deps);
}
