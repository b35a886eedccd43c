/**
 * Feature route modules (projects, campaigns, accounts, admin…). Each module adds its routes through `Routes`, so
 * every route is also in the OpenAPI document.
 */
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { referenceRoutes } from './reference';
import { fileRoutes } from './files';
import { enterpriseProfileRoutes } from './enterpriseProfiles';

export function registerFeatureRoutes(routes: Routes, deps: AppDeps): void {
  referenceRoutes(routes, deps);
  fileRoutes(routes, deps);
  enterpriseProfileRoutes(routes, deps);
}
