/**
 * Feature route modules (projects, campaigns, accounts, admin…). Each module adds its routes through `Routes`, so
 * every route is also in the OpenAPI document. One line per module.
 */
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { accountRoutes } from './accounts';
import { registrationRoutes } from './registrations';
import { userRoutes } from './users';
import { auditRoutes } from './audit';
import { messageRoutes } from './messages';
import { projectRoutes } from './projects';
import { campaignRoutes } from './campaigns';
import { directoryRoutes } from './directory';
import { referenceRoutes } from './reference';
import { fileRoutes } from './files';
import { enterpriseProfileRoutes } from './enterpriseProfiles';
import { adminRoutes } from './admin';
import { batchRoutes } from './batches';
import { statsRoutes } from './stats';
import { queueRoutes } from './queue';
import { provinceSettingRoutes } from './provinceSettings';
import { eligibilityExceptionRoutes } from './eligibilityExceptions';
import { savedFilterRoutes } from './savedFilters';

export function registerFeatureRoutes(routes: Routes, deps: AppDeps): void {
  accountRoutes(routes, deps);
  registrationRoutes(routes, deps);
  userRoutes(routes, deps);
  auditRoutes(routes, deps);
  messageRoutes(routes, deps);
  campaignRoutes(routes, deps);
  directoryRoutes(routes, deps);
  statsRoutes(routes, deps); // before projectRoutes: /api/projects/stats must not be taken for /api/projects/:id
  projectRoutes(routes, deps);
  queueRoutes(routes, deps);
  savedFilterRoutes(routes, deps);
  referenceRoutes(routes, deps);
  fileRoutes(routes, deps);
  enterpriseProfileRoutes(routes, deps);
  adminRoutes(routes, deps);
  provinceSettingRoutes(routes, deps);
  eligibilityExceptionRoutes(routes, deps);
  batchRoutes(routes, deps);
}
