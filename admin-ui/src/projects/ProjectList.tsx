/**
 * 5G工厂 list (SPEC §6), as the regulator manual shows it: 企业名称, 项目名称, 项目类型, and under 展开 状态, 建设阶段,
 * 行业, 项目层级, 地区, 年度; 搜索 / 清空; the platform's columns with 操作; "共 N 条", 10/20/50 per page, 前往 N 页;
 * 导出 of the whole filtered list as .xlsx. The filters apply on 搜索, as on the platform, not on every keystroke.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Box, Button, Card, Collapse, MenuItem, Stack, TextField } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import AddIcon from '@mui/icons-material/Add';
import SearchIcon from '@mui/icons-material/Search';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import { Datagrid, FunctionField, List, ShowButton, TextField as RaTextField, TopToolbar, WrapperField } from 'react-admin';
import {
  useDataProvider,
  useListContext,
  useNotify,
  usePermissions,
  useRedirect,
  useTranslate,
  type RaRecord,
} from 'ra-core';
import { PHASES, PHASE_LABELS } from '../../../domain/phases';
import { INDUSTRIES, PROJECT_LEVELS, PROJECT_STAGES, PROJECT_TYPES } from '../../../domain/reference/options';
import { Cascader } from '../components/Cascader';
import { ListPagination } from '../components/ListPagination';
import { useReferenceTree } from '../components/referenceTrees';
import { listQuery, type AppDataProvider } from '../providers/dataProvider';
import { apiRequest } from '../providers/http';
import { ProjectActions } from './ProjectActions';
import { chinaTime } from '../components/beijingTime';

interface Filters {
  enterpriseName?: string;
  name?: string;
  projectType?: string;
  phase?: string;
  stage?: string;
  industry?: string;
  level?: string;
  region?: string;
  year?: string;
}

const FILTER_KEYS: (keyof Filters)[] = ['enterpriseName', 'name', 'projectType', 'phase', 'stage', 'industry', 'level', 'region', 'year'];

/** Until GET /api/campaigns answers (or if it cannot): the years since the programme began. */
function fallbackYears(): number[] {
  const current = new Date().getFullYear();
  return Array.from({ length: current + 1 - 2023 }, (_, i) => current - i);
}

/** 年度 choices: the year of every campaign (GET /api/campaigns, all pages), newest first. */
function useYearsToOffer(): number[] {
  const { data } = useQuery({
    queryKey: ['campaigns', 'years'],
    queryFn: async () => {
      const years: number[] = [];
      for (let page = 1; page <= 20; page++) {
        const body = await apiRequest<{ data: { year: number }[]; total: number }>('/campaigns', {
          query: new URLSearchParams({ page: String(page), perPage: '100' }),
        });
        years.push(...body.data.map((c) => Number(c.year)));
        if (body.data.length === 0 || years.length >= body.total) break;
      }
      return [...new Set(years)].sort((a, b) => b - a);
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
  return data && data.length > 0 ? data : fallbackYears();
}

function Select({ name, label, options, value, onChange }: { name: string; label: string; options: { id: string; name: string }[]; value?: string; onChange: (v: string) => void }) {
  const translate = useTranslate();
  return (
    <TextField select size="small" fullWidth={false} label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value)} sx={{ width: 200 }} name={name}>
      <MenuItem value="">{translate('app.list.all')}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.name}
        </MenuItem>
      ))}
    </TextField>
  );
}

const plain = (values: readonly string[]) => values.map((v) => ({ id: v, name: v }));

/** The filter panel; values apply on 搜索 and are cleared by 清空. */
function ProjectFilters() {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const regions = useReferenceTree('regions');
  const [expanded, setExpanded] = useState(false);
  const [draft, setDraft] = useState<Filters>(() => ({ ...(filterValues as Filters) }));
  const years = useYearsToOffer();
  const [regionPath, setRegionPath] = useState<string[]>([]);
  const t = (key: string) => translate(`resources.projects.fields.${key}`);
  const set = (key: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const search = () => {
    const applied: Record<string, string> = {};
    for (const key of FILTER_KEYS) {
      const value = draft[key]?.trim();
      if (value) applied[key] = value;
    }
    setFilters(applied, {});
  };
  const clear = () => {
    setDraft({});
    setRegionPath([]);
    setFilters({}, {});
  };
  return (
    <Card sx={{ p: 2, mb: 1, width: '100%' }} component="form" onSubmit={(e) => { e.preventDefault(); search(); }}>
      <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={2} useFlexGap>
        <TextField size="small" fullWidth={false} sx={{ width: 240 }} name="enterpriseName" label={t('enterpriseName')} value={draft.enterpriseName ?? ''} onChange={(e) => set('enterpriseName')(e.target.value)} />
        <TextField size="small" fullWidth={false} sx={{ width: 240 }} name="name" label={t('name')} value={draft.name ?? ''} onChange={(e) => set('name')(e.target.value)} />
        <Select name="projectType" label={t('projectType')} options={plain(PROJECT_TYPES)} value={draft.projectType} onChange={set('projectType')} />
        <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
          {translate('app.list.search')}
        </Button>
        <Button variant="outlined" onClick={clear}>
          {translate('app.list.clear')}
        </Button>
        <Button onClick={() => setExpanded(!expanded)} endIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}>
          {translate(expanded ? 'resources.projects.filters.collapse' : 'resources.projects.filters.expand')}
        </Button>
      </Stack>
      <Collapse in={expanded}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ mt: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <Select name="phase" label={t('phase')} options={PHASES.map((p) => ({ id: p, name: PHASE_LABELS[p] }))} value={draft.phase} onChange={set('phase')} />
          <Select name="stage" label={t('stage')} options={plain(PROJECT_STAGES)} value={draft.stage} onChange={set('stage')} />
          <Select name="industry" label={t('industry')} options={plain(INDUSTRIES)} value={draft.industry} onChange={set('industry')} />
          <Select name="level" label={t('level')} options={plain(PROJECT_LEVELS)} value={draft.level} onChange={set('level')} />
          <Box sx={{ width: 280 }}>
            <Cascader
              size="small"
              name="region"
              label={t('region')}
              options={regions.data}
              value={regionPath}
              maxDepth={2}
              onChange={(codes) => {
                setRegionPath(codes);
                set('region')(codes[codes.length - 1] ?? '');
              }}
            />
          </Box>
          <Select name="year" label={t('year')} options={years.map((y) => ({ id: String(y), name: String(y) }))} value={draft.year} onChange={set('year')} />
        </Stack>
      </Collapse>
    </Card>
  );
}

/** 导出: GET /api/projects/export with the list's filters and sort, streamed by the server as .xlsx. */
function ExportXlsxButton() {
  const { filterValues, sort } = useListContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const exportList = () => {
    setBusy(true);
    dataProvider
      .download(`projects/export?${listQuery({ filter: filterValues, sort })}`, '5G工厂.xlsx')
      .catch((error: Error) => notify(error.message, { type: 'error' }))
      .finally(() => setBusy(false));
  };
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={exportList} disabled={busy}>
      {translate('app.action.export')}
    </Button>
  );
}

/** 新增项目: POST /api/projects (a draft in the open campaign), then straight into the form. */
function NewProjectButton() {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const create = () => {
    setBusy(true);
    dataProvider
      .create('projects', { data: {} })
      .then(({ data }) => redirect(`/projects/${encodeURIComponent(String(data.id))}`))
      .catch((error: Error) => notify(error.message, { type: 'error' }))
      .finally(() => setBusy(false));
  };
  return (
    <Button size="small" variant="contained" startIcon={<AddIcon />} onClick={create} disabled={busy}>
      {translate('resources.projects.actions.create')}
    </Button>
  );
}

function ProjectListActions() {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      {permissions === 'enterprise' && <NewProjectButton />}
      <ExportXlsxButton />
    </TopToolbar>
  );
}

function RowNumber({ record }: { record: RaRecord }) {
  const { data, page, perPage } = useListContext();
  const index = (data ?? []).findIndex((r) => r.id === record.id);
  return <>{(page - 1) * perPage + index + 1}</>;
}

export function ProjectList() {
  const translate = useTranslate();
  return (
    <List
      actions={<ProjectListActions />}
      filters={undefined}
      aside={undefined}
      perPage={10}
      sort={{ field: 'updatedAt', order: 'DESC' }}
      pagination={<ListPagination />}
      exporter={false}
      empty={false}
      title={translate('resources.projects.name')}
    >
      <ProjectFilters />
      <Datagrid rowClick={false} bulkActionButtons={false} size="small" sx={{ '& th': { whiteSpace: 'nowrap' }, '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } }}>
        <FunctionField label="#" render={(record: RaRecord) => <RowNumber record={record} />} sortable={false} />
        <RaTextField source="enterpriseName" />
        <RaTextField source="name" />
        <RaTextField source="projectType" sortable={false} />
        <RaTextField source="level" sortable={false} />
        <FunctionField
          source="statusText"
          sortBy="phase"
          render={(record: RaRecord) => <Box sx={{ minWidth: 140 }}>{record.statusText || record.phaseLabel}</Box>}
        />
        <RaTextField source="stage" sortable={false} />
        <RaTextField source="industry" sortable={false} />
        <RaTextField source="address" sortable={false} />
        <FunctionField source="createdAt" render={(record: RaRecord) => <Box sx={{ minWidth: 90 }}>{chinaTime(record.createdAt)}</Box>} />
        <FunctionField source="updatedAt" render={(record: RaRecord) => <Box sx={{ minWidth: 90 }}>{chinaTime(record.updatedAt)}</Box>} />
        <WrapperField label="resources.projects.fields.actions">
          <Stack sx={{ alignItems: 'flex-start' }} spacing={0.5}>
            <ShowButton label="resources.projects.actions.view" />
            <ProjectActions variant="text" />
          </Stack>
        </WrapperField>
      </Datagrid>
    </List>
  );
}
