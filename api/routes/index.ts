/**
 * Feature route modules (projects, campaigns, accounts, admin…). Each module adds its routes through `Routes`, so
 * every route is also in the OpenAPI document.
 */
import type { Routes } from '../http';
import type { AppDeps } from '../deps';

export function registerFeatureRoutes(routes: Routes, deps: AppDeps): void {
  void routes;
  void deps;
}
