/**
 * The 5G工厂 list's filter panel, as the regulator manual shows it: 企业名称, 项目名称, 项目类型, and under 展开 状态,
 * 建设阶段, 行业, 项目层级, 地区, 年度; 搜索 / 清空. The filters apply on 搜索, as on the platform, not on every keystroke.
 *
 * What is applied is always visible: the boxes show the applied filters (also when they come back with the page's
 * address after a reload, or from the saved list state in a new tab), the panel opens by itself when a filter under
 * 展开 is applied, and a chip per applied filter stays above the list (× removes it).
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Box, Button, Card, Chip, Collapse, MenuItem, Stack, TextField } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import { useListContext, usePermissions, useTranslate } from 'ra-core';
import { LIST_STATUSES, LIST_STATUS_LABELS, type ListStatus } from '../../../domain/listStatus';
import { INDUSTRIES, PROJECT_LEVELS, PROJECT_STAGES, PROJECT_TYPES } from '../../../domain/reference/options';
import { Cascader } from '../components/Cascader';
import { nodesAlong, pathTo, useReferenceTree } from '../components/referenceTrees';
import { apiRequest } from '../providers/http';

export interface Filters {
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
/** The filters under 展开. */
const MORE_KEYS: (keyof Filters)[] = ['phase', 'stage', 'industry', 'level', 'region', 'year'];

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

/** The applied filters with their values as text (string values only: what the panel sets). */
function applied(filterValues: Record<string, unknown>): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = filterValues[key];
    if (typeof value === 'string' && value !== '') filters[key] = value;
  }
  return filters;
}

function Select({ name, label, options, value, onChange }: { name: string; label: string; options: { id: string; name: string }[]; value?: string; onChange: (v: string) => void }) {
  const translate = useTranslate();
  // An applied value the choices do not (yet) offer still shows in the box, never an empty box over a filtered list.
  const choices = value && !options.some((o) => o.id === value) ? [{ id: value, name: value }, ...options] : options;
  return (
    <TextField select size="small" fullWidth={false} label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value)} sx={{ width: { xs: '100%', sm: 200 } }} name={name}>
      <MenuItem value="">{translate('app.list.all')}</MenuItem>
      {choices.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.name}
        </MenuItem>
      ))}
    </TextField>
  );
}

const plain = (values: readonly string[]) => values.map((v) => ({ id: v, name: v }));
const phaseChoices = LIST_STATUSES.map((p) => ({ id: p, name: LIST_STATUS_LABELS[p] }));

export function ProjectFilters() {
  const { filterValues, setFilters } = useListContext();
  const { permissions } = usePermissions();
  const translate = useTranslate();
  const regions = useReferenceTree('regions');
  const years = useYearsToOffer();
  const active = applied(filterValues);
  const activeKey = JSON.stringify(active);
  const [draft, setDraft] = useState<Filters>(active);
  const [expanded, setExpanded] = useState(() => MORE_KEYS.some((key) => active[key]));
  // The boxes follow what is applied whenever it changes from outside the panel (reload, a chip's ×, a link).
  useEffect(() => {
    const next = JSON.parse(activeKey) as Filters;
    setDraft(next);
    if (MORE_KEYS.some((key) => next[key])) setExpanded(true);
  }, [activeKey]);
  const regionPath = draft.region ? pathTo(regions.data, draft.region) : [];
  const t = (key: string) => translate(`resources.projects.fields.${key}`);
  const set = (key: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const search = () => {
    const next: Record<string, string> = {};
    for (const key of FILTER_KEYS) {
      const value = draft[key]?.trim();
      if (value) next[key] = value;
    }
    setFilters(next, {});
  };
  const clear = () => {
    setDraft({});
    setFilters({}, {});
  };
  const textWidth = { xs: '100%', sm: 240 };
  return (
    <Card sx={{ p: 2, mb: 1, width: '100%' }} component="form" onSubmit={(e) => { e.preventDefault(); search(); }}>
      <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={2} useFlexGap>
        {permissions !== 'enterprise' && (
          <TextField size="small" fullWidth={false} sx={{ width: textWidth }} name="enterpriseName" label={t('enterpriseName')} value={draft.enterpriseName ?? ''} onChange={(e) => set('enterpriseName')(e.target.value)} />
        )}
        <TextField size="small" fullWidth={false} sx={{ width: textWidth }} name="name" label={t('name')} value={draft.name ?? ''} onChange={(e) => set('name')(e.target.value)} />
        <Select name="projectType" label={t('projectType')} options={plain(PROJECT_TYPES)} value={draft.projectType} onChange={set('projectType')} />
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
            {translate('app.list.search')}
          </Button>
          <Button variant="outlined" onClick={clear}>
            {translate('app.list.clear')}
          </Button>
          <Button onClick={() => setExpanded(!expanded)} endIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />} aria-expanded={expanded}>
            {translate(expanded ? 'resources.projects.filters.collapse' : 'resources.projects.filters.expand')}
          </Button>
        </Stack>
      </Stack>
      <Collapse in={expanded}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ mt: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <Select name="phase" label={t('phase')} options={phaseChoices} value={draft.phase} onChange={set('phase')} />
          <Select name="stage" label={t('stage')} options={plain(PROJECT_STAGES)} value={draft.stage} onChange={set('stage')} />
          <Select name="industry" label={t('industry')} options={plain(INDUSTRIES)} value={draft.industry} onChange={set('industry')} />
          <Select name="level" label={t('level')} options={plain(PROJECT_LEVELS)} value={draft.level} onChange={set('level')} />
          <Box sx={{ width: { xs: '100%', sm: 280 } }}>
            <Cascader
              size="small"
              name="region"
              label={t('region')}
              options={regions.data}
              loading={regions.isPending}
              value={regionPath}
              maxDepth={2}
              onChange={(codes) => set('region')(codes[codes.length - 1] ?? '')}
            />
          </Box>
          <Select name="year" label={t('year')} options={years.map((y) => ({ id: String(y), name: String(y) }))} value={draft.year} onChange={set('year')} />
        </Stack>
      </Collapse>
    </Card>
  );
}

/** One chip per applied filter, above the list whatever the panel shows; × removes that filter. */
export function ActiveFilterChips() {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const regions = useReferenceTree('regions');
  const active = applied(filterValues);
  const keys = FILTER_KEYS.filter((key) => active[key]);
  if (!keys.length) return null;
  const valueText = (key: keyof Filters, value: string) => {
    if (key === 'phase') return LIST_STATUS_LABELS[value as ListStatus] ?? value;
    if (key === 'region') return nodesAlong(regions.data, pathTo(regions.data, value)).map((n) => n.name).join(' / ') || value;
    return value;
  };
  const remove = (key: keyof Filters) => {
    const next: Record<string, unknown> = { ...filterValues };
    delete next[key];
    setFilters(next, {});
  };
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 1 }} data-testid="active-filters" aria-label={translate('app.list.active_filters')}>
      {keys.map((key) => (
        <Chip
          key={key}
          size="small"
          color="primary"
          variant="outlined"
          label={`${translate(`resources.projects.fields.${key}`)}：${valueText(key, active[key]!)}`}
          onDelete={() => remove(key)}
        />
      ))}
    </Stack>
  );
}
