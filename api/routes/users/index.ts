/** 用户管理 (administrators only), one file per job: accounts (./crud.ts) and the legacy .xlsx import (./import.ts). */
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { userCrudRoutes } from './crud';
import { userImportRoutes } from './import';

export function userRoutes(routes: Routes, deps: AppDeps): void {
  userCrudRoutes(routes, deps);
  userImportRoutes(routes, deps);
}
