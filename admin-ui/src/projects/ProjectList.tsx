/**
 * 5G工厂 list (SPEC §6): the filter panel (ProjectFilters.tsx), the platform's columns with 操作, "共 N 条", 10/20/50
 * per page, 前往 N 页, 导出 of the whole filtered list as .xlsx.
 *
 * It fits the screen: at 1280 px (the sidebar open) the list shows 企业名称, 项目名称, 项目状态, 行业, 更新时间 and 操作 — 查看
 * and the actions the project allows now (推荐 / 取消推荐 / 初审…) always in sight — and folds the other columns into
 * the row's 展开 (›); from 1536 px every column is shown. On a phone (< 600 px) react-admin's SimpleList, as in its
 * demo: one card per project, tap to 查看, where the actions are.
 */
import type { ReactNode } from 'react';
import { Box, Button, Stack, useMediaQuery, type Theme } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Datagrid, FunctionField, List, ShowButton, SimpleList, TextField as RaTextField, TopToolbar, WrapperField } from 'react-admin';
import { useListContext, usePermissions, useRedirect, useTranslate, type RaRecord } from 'ra-core';
import { ListPagination } from '../components/ListPagination';
import { FoldedFields, usePhone, useWide } from '../components/responsive';
import { chinaTime } from '../components/beijingTime';
import { ProjectActions } from './ProjectActions';
import { ActiveFilterChips, ProjectFilters } from './ProjectFilters';
import { statusLines, StatusText } from './StatusText';
import { DeadlineCell } from '../queue/DeadlineFields';
import { SavedFiltersMenu } from '../components/SavedFilters';
import { ExportListButton } from '../components/ExportListButton';
import { ImportProjectsButton } from './ImportProjectsButton';

/** 新增项目: the empty form. Nothing is created until its first 暂存 (项目情况 with a 项目名称). */
function NewProjectButton() {
  const redirect = useRedirect();
  const translate = useTranslate();
  return (
    <Button size="small" variant="contained" startIcon={<AddIcon />} onClick={() => redirect('create', 'projects')}>
      {translate('resources.projects.actions.create')}
    </Button>
  );
}

function ProjectListActions() {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      {permissions === 'enterprise' && <NewProjectButton />}
      {permissions === 'ministry' && <ImportProjectsButton />}
      <SavedFiltersMenu resource="projects" />
      <ExportListButton path="projects/export" filename="5G工厂.xlsx" sorted />
    </TopToolbar>
  );
}

function RowNumber({ record }: { record: RaRecord }) {
  const { data, page, perPage } = useListContext();
  const index = (data ?? []).findIndex((r) => r.id === record.id);
  return <>{(page - 1) * perPage + index + 1}</>;
}

const text = (source: string) => (record: RaRecord) => record[source] as ReactNode;
/** Columns that fold away below 1536 px, in the order they show. */
const FOLDING = [
  { source: 'projectType', render: text('projectType') },
  { source: 'level', render: text('level') },
  { source: 'stage', render: text('stage') },
  { source: 'address', render: text('address') },
  { source: 'createdAt', render: (record: RaRecord) => chinaTime(record.createdAt) },
];
/** 截止时间 of the step the project waits at (issue 11.1): a column from 1536 px, folded below. */
const DEADLINE = { source: 'dueAt', render: () => <DeadlineCell /> };

function ProjectDatagrid() {
  const { permissions } = usePermissions();
  const wide = useWide();
  const medium = useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'));
  // The enterprise sees only its own projects: its name in every row says nothing.
  const showEnterprise = permissions !== 'enterprise';
  const narrower = medium ? FOLDING : [...FOLDING, { source: 'industry', render: text('industry') }];
  const folded = wide ? [] : showEnterprise ? [DEADLINE, ...narrower] : narrower;
  return (
    <Datagrid
      rowClick={false}
      bulkActionButtons={false}
      size="small"
      expand={folded.length ? <FoldedFields fields={folded} /> : undefined}
      sx={{ '& th': { whiteSpace: 'nowrap' }, '& td': { verticalAlign: 'top' } }}
    >
      {wide && <FunctionField label="#" render={(record: RaRecord) => <RowNumber record={record} />} sortable={false} />}
      {showEnterprise && <RaTextField source="enterpriseName" />}
      <RaTextField source="name" />
      {wide && <RaTextField source="projectType" sortable={false} />}
      {wide && <RaTextField source="level" sortable={false} />}
      <FunctionField source="statusText" sortBy="phase" render={() => <StatusText />} />
      {wide && showEnterprise && <DeadlineCell label="app.queue.due_at" sortBy="dueAt" />}
      {wide && <RaTextField source="stage" sortable={false} />}
      {medium && <RaTextField source="industry" sortable={false} />}
      {wide && <RaTextField source="address" sortable={false} />}
      {wide && <FunctionField source="createdAt" render={(record: RaRecord) => <Box sx={{ whiteSpace: 'nowrap' }}>{chinaTime(record.createdAt)}</Box>} />}
      <FunctionField source="updatedAt" render={(record: RaRecord) => <Box sx={{ whiteSpace: 'nowrap' }}>{chinaTime(record.updatedAt)}</Box>} />
      <WrapperField label="resources.projects.fields.actions">
        <Stack sx={{ alignItems: 'flex-start', '& .MuiButton-root': { whiteSpace: 'nowrap' } }} spacing={0.5}>
          <ShowButton label="resources.projects.actions.view" />
          <ProjectActions variant="text" direction="column" />
        </Stack>
      </WrapperField>
    </Datagrid>
  );
}

/** On a phone: one card per project (name, company, status, last change); a tap opens 查看. */
function ProjectSimpleList() {
  const { permissions } = usePermissions();
  return (
    <SimpleList
      primaryText={(record) => record.name || record.enterpriseName}
      secondaryText={(record) => (
        <>
          {permissions !== 'enterprise' && <Box component="span" sx={{ display: 'block' }}>{record.enterpriseName}</Box>}
          {statusLines(record).map((line) => (
            <Box component="span" key={line} sx={{ display: 'block' }}>
              {line}
            </Box>
          ))}
        </>
      )}
      tertiaryText={(record) => chinaTime(record.updatedAt)}
      rowClick="show"
    />
  );
}

export function ProjectList() {
  const translate = useTranslate();
  const phone = usePhone();
  return (
    <List
      actions={<ProjectListActions />}
      perPage={10}
      sort={{ field: 'updatedAt', order: 'DESC' }}
      pagination={<ListPagination />}
      exporter={false}
      empty={false}
      title={translate('resources.projects.name')}
    >
      <ProjectFilters />
      <ActiveFilterChips />
      {phone ? <ProjectSimpleList /> : <ProjectDatagrid />}
    </List>
  );
}
