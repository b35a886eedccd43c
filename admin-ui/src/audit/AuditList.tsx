/**
 * 审计日志 (审计管理员, issue 13.5): who (name and account, role), what (the action in Chinese words, its outcome),
 * to what (the account or project by name), when (北京时间 to the second), the recorded details as a table; filters by
 * who, action, target, outcome and time range; 导出 writes the filtered log as .xlsx (GET /api/audit/export).
 */
import { Box, Chip, Typography } from '@mui/material';
import { Datagrid, DateInput, FunctionField, List, SelectInput, SimpleList, TextInput, TopToolbar } from 'react-admin';
import { useRecordContext, useTranslate, type RaRecord } from 'ra-core';
import { AUDIT_ACTION_LABELS, AUDIT_FAMILIES, AUDIT_OUTCOME_LABELS, type AuditDetailRow } from '../../../domain/audit';
import { beijingText } from '../../../domain/time';
import { ListPagination } from '../components/ListPagination';
import { ExportListButton } from '../components/ExportListButton';
import { SimpleTable, type SimpleColumn } from '../components/SimpleTable';
import { usePhone, useWide } from '../components/responsive';

/** 操作: a family (登录与密码（全部）) or one action (重置密码). */
const ACTION_CHOICES = [
  ...Object.entries(AUDIT_FAMILIES).map(([prefix, label]) => ({ id: prefix, name: `${label}（全部）` })),
  ...Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => ({ id: action, name: label })),
];
const OUTCOME_CHOICES = Object.entries(AUDIT_OUTCOME_LABELS).map(([id, name]) => ({ id, name }));

const seconds = (at: unknown) => (at ? beijingText(String(at), { seconds: true }) : '—');
const actorText = (r: RaRecord) =>
  r.actorDisplayName && r.actorDisplayName !== r.username ? `${r.actorDisplayName}（${r.username}）` : (r.username ?? '—');

/** The recorded details as a table: 项目 | 值, or 项目 | 原值 | 新值 when a field changed. */
export function DetailTable({ rows }: { rows: AuditDetailRow[] }) {
  const translate = useTranslate();
  if (!rows.length) return <Typography variant="body2" color="text.secondary">{translate('resources.audit.no_details')}</Typography>;
  const changes = rows.some((r) => r.from !== undefined);
  const columns: SimpleColumn<AuditDetailRow>[] = [
    { label: translate('resources.audit.details.field'), nowrap: true, cell: (row) => row.label },
    ...(changes ? [{ label: translate('resources.audit.details.from'), cell: (row: AuditDetailRow) => row.from ?? '' }] : []),
    { label: translate(changes ? 'resources.audit.details.to' : 'resources.audit.details.value'), cell: (row) => row.value },
  ];
  return (
    <SimpleTable
      columns={columns}
      rows={rows}
      rowKey={(_, i) => i}
      testId="audit-details"
      sx={{ width: 'auto', maxWidth: '100%', '& td, & th': { overflowWrap: 'anywhere' } }}
    />
  );
}

function Expanded() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3 }}>
      <DetailTable rows={(record.rows ?? []) as AuditDetailRow[]} />
      <Box component="dl" sx={{ m: 0, '& dd': { m: 0, mb: 1 } }}>
        <Typography component="dt" variant="caption" color="text.secondary">{translate('resources.audit.fields.ip')}</Typography>
        <Typography component="dd" variant="body2">{record.ip ?? '—'}</Typography>
        <Typography component="dt" variant="caption" color="text.secondary">{translate('resources.audit.fields.requestId')}</Typography>
        <Typography component="dd" variant="body2">{record.requestId ?? '—'}</Typography>
      </Box>
    </Box>
  );
}

/** A few details in one line (all of them under 展开). */
function DetailSummary() {
  const record = useRecordContext();
  const rows = (record?.rows ?? []) as AuditDetailRow[];
  const text = rows.map((r) => (r.from !== undefined ? `${r.label}：${r.from} → ${r.value}` : `${r.label}：${r.value}`)).join('；');
  return (
    <Box title={text} sx={{ maxWidth: 320, overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflowWrap: 'anywhere' }}>
      {text || '—'}
    </Box>
  );
}

const OUTCOME_COLOR: Record<string, 'default' | 'warning' | 'error'> = { ok: 'default', refused: 'warning', failed: 'error' };

export function AuditList() {
  const wide = useWide();
  const phone = usePhone();
  return (
    <List
      filters={[
        <TextInput key="actorName" source="actorName" alwaysOn sx={{ width: 150 }} />,
        <SelectInput key="action" source="action" choices={ACTION_CHOICES} alwaysOn sx={{ minWidth: 170 }} />,
        <TextInput key="target" source="target" alwaysOn sx={{ width: 170 }} />,
        <SelectInput key="outcome" source="outcome" choices={OUTCOME_CHOICES} alwaysOn sx={{ minWidth: 110 }} />,
        <DateInput key="from" source="from" alwaysOn sx={{ width: 160 }} />,
        <DateInput key="to" source="to" alwaysOn sx={{ width: 160 }} />,
      ]}
      actions={
        <TopToolbar>
          <ExportListButton path="audit/export" filename="审计日志.xlsx" />
        </TopToolbar>
      }
      sort={{ field: 'at', order: 'DESC' }}
      perPage={50}
      pagination={<ListPagination />}
      exporter={false}
    >
      {phone ? (
        <SimpleList
          primaryText={(r) => `${r.actionLabel}${r.outcome === 'ok' ? '' : `（${r.outcomeLabel}）`}`}
          secondaryText={(r) => `${actorText(r)} ${r.roleLabel ?? ''} · ${r.targetLabel ?? ''}`}
          tertiaryText={(r) => seconds(r.at)}
          rowClick={false}
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="expand" expand={<Expanded />} sx={{ '& td': { verticalAlign: 'top' } }}>
          <FunctionField source="at" sortable={false} render={(r) => <Box sx={{ whiteSpace: 'nowrap' }}>{seconds(r.at)}</Box>} />
          <FunctionField source="actorName" sortable={false} render={actorText} />
          <FunctionField source="role" sortable={false} render={(r) => r.roleLabel ?? '—'} />
          <FunctionField source="action" sortable={false} render={(r) => r.actionLabel} />
          <FunctionField
            source="outcome"
            sortable={false}
            render={(r) => <Chip size="small" variant="outlined" color={OUTCOME_COLOR[r.outcome] ?? 'default'} label={r.outcomeLabel} />}
          />
          <FunctionField source="target" sortable={false} render={(r) => <Box sx={{ overflowWrap: 'anywhere', maxWidth: 260 }}>{r.targetLabel ?? '—'}</Box>} />
          {wide && <FunctionField source="detail" sortable={false} render={() => <DetailSummary />} />}
          {wide && <FunctionField source="ip" sortable={false} render={(r) => r.ip ?? '—'} />}
        </Datagrid>
      )}
    </List>
  );
}
