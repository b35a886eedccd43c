/** 用户管理 (administrators only), one file per job: accounts (./crud.ts), the legacy .xlsx import (./import.ts) and
 * office heads and claims of departing staff (./offices.ts). */
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { userCrudRoutes } from './crud';
import { userImportRoutes } from './import';
import { userOfficeRoutes } from './offices';

export function userRoutes(routes: Routes, deps: AppDeps): void {
  userCrudRoutes(routes, deps);
  userImportRoutes(routes, deps);
  userOfficeRoutes(routes, deps);
}
