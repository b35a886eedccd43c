/**
 * 待我处理 (issue 11.1–11.3): the landing screen of the reviewing roles — the items awaiting the user's own office,
 * oldest deadline first, with 全部 / 我的 / 未认领 and their counts, 截止时间 / 剩余工作日 / 已超期, who holds each one,
 * and the role's bulk actions on up to 200 selected projects. A row opens 查看 inside the queue, so 上一个/下一个 walk
 * this list with its filter.
 */
import { useEffect, useState } from 'react';
import { Box, Card, Checkbox, FormControlLabel, MenuItem, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import { Datagrid, FunctionField, List, TextField as RaTextField, type RaRecord } from 'react-admin';
import { useListContext, usePermissions, useTranslate } from 'ra-core';
import { QUEUE_STEP_LABELS, type QueueStep } from '../../../domain/queue';
import { ListPagination } from '../components/ListPagination';
import { SelectableDatagridHeader } from '../components/SelectableDatagridHeader';
import { QueueBulkActionButtons, hasBulkActions } from './BulkActions';
import { ClaimButton } from './ClaimButton';
import { DueDateField, OverdueField, RemainingDaysField } from './DeadlineFields';
import { useQueueCounts } from './useQueueCounts';
import { SavedFiltersMenu } from '../components/SavedFilters';

const STEPS_BY_ROLE: Record<string, QueueStep[]> = {
  city_miit: ['cityReview'],
  province_miit: ['recommend', 'withdrawal'],
  province_ca: ['recommend', 'withdrawal'],
  ministry: ['assignExperts', 'decide', 'onsite', 'publicity', 'objection'],
  expert: ['score'],
};

export const QUEUE_PER_PAGE = [20, 50, 100, 200];

/**
 * 搜索 / 待办事项 / 只看已超期, with MUI's own controls (react-admin's filter inputs hand props MUI no longer takes to
 * the DOM): the search applies on Enter or when the field is left, the others at once.
 */
function QueueFilterBar() {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const { permissions } = usePermissions();
  const translate = useTranslate();
  const steps = STEPS_BY_ROLE[String(permissions)] ?? [];
  const [text, setText] = useState(String(filterValues.q ?? ''));
  useEffect(() => setText(String(filterValues.q ?? '')), [filterValues.q]);
  const apply = (changes: Record<string, unknown>) => {
    const next: Record<string, unknown> = { ...filterValues, ...changes };
    for (const key of Object.keys(next)) if (next[key] === '' || next[key] === undefined || next[key] === false) delete next[key];
    setFilters(next, displayedFilters);
  };
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', px: 2, py: 1 }}>
      <TextField
        size="small"
        name="q"
        label={translate('app.queue.search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && apply({ q: text.trim() })}
        onBlur={() => text.trim() !== String(filterValues.q ?? '') && apply({ q: text.trim() })}
        sx={{ width: 240 }}
      />
      {steps.length > 1 && (
        <TextField select size="small" name="step" label={translate('app.queue.step')} value={String(filterValues.step ?? '')} onChange={(e) => apply({ step: e.target.value })} sx={{ width: 180 }}>
          <MenuItem value="">{translate('app.list.all')}</MenuItem>
          {steps.map((s) => (
            <MenuItem key={s} value={s}>
              {QUEUE_STEP_LABELS[s]}
            </MenuItem>
          ))}
        </TextField>
      )}
      <FormControlLabel control={<Checkbox checked={filterValues.overdue === true} onChange={(e) => apply({ overdue: e.target.checked })} />} label={translate('app.queue.only_overdue')} />
      <SavedFiltersMenu resource="queue" neutral={{ scope: 'all' }} />
    </Stack>
  );
}

const SCOPES = ['all', 'mine', 'unclaimed'] as const;

/** 全部 / 我的 / 未认领, each with its count. */
function ScopeTabs() {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const translate = useTranslate();
  const counts = useQueueCounts();
  const scope = (filterValues.scope as string) ?? 'all';
  return (
    <Tabs value={scope} onChange={(_, value: string) => setFilters({ ...filterValues, scope: value }, displayedFilters)} sx={{ px: 1 }}>
      {SCOPES.map((s) => (
        <Tab key={s} value={s} label={`${translate(`app.queue.scope_${s}`)}${counts ? `（${counts[s]}）` : ''}`} data-testid={`scope-${s}`} />
      ))}
    </Tabs>
  );
}

function OverdueBanner() {
  const counts = useQueueCounts();
  const translate = useTranslate();
  if (!counts?.overdue) return null;
  return (
    <Typography color="error" variant="body2" sx={{ px: 2, pb: 1 }} data-testid="overdue-banner">
      {translate('app.queue.overdue_banner', { count: counts.overdue })}
    </Typography>
  );
}

export function QueueList() {
  const { permissions } = usePermissions();
  const translate = useTranslate();
  const role = String(permissions);
  return (
    <List
      resource="queue"
      title={translate('app.queue.title')}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={20}
      filterDefaultValues={{ scope: 'all' }}
      actions={false}
      pagination={<ListPagination options={QUEUE_PER_PAGE} />}
      exporter={false}
      empty={false}
    >
      <Card variant="outlined" sx={{ mb: 1, width: '100%' }}>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
          <ScopeTabs />
          <OverdueBanner />
        </Stack>
        <QueueFilterBar />
      </Card>
      <Box sx={{ width: '100%' }}>
        <Datagrid
          rowClick="show"
          bulkActionButtons={hasBulkActions(role) ? <QueueBulkActionButtons /> : false}
          header={<SelectableDatagridHeader />}
          size="small"
          sx={{ '& th': { whiteSpace: 'nowrap' }, '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } }}
          rowSx={(record: RaRecord) => (record.overdue ? { bgcolor: 'rgba(211, 47, 47, 0.06)' } : {})}
        >
          <FunctionField source="name" label="resources.projects.fields.name" render={(r: RaRecord) => <Box sx={{ minWidth: 160 }}>{r.name || translate('app.form.untitled')}</Box>} />
          <RaTextField source="enterpriseName" label="resources.projects.fields.enterpriseName" />
          <RaTextField source="stepLabel" label="app.queue.step" sortable={false} />
          <DueDateField label="app.queue.due_at" sortBy="dueAt" />
          <RemainingDaysField label="app.queue.remaining_days" />
          <OverdueField label="app.queue.overdue" />
          <FunctionField label="app.queue.holder" render={() => <ClaimButton />} />
        </Datagrid>
      </Box>
    </List>
  );
}
