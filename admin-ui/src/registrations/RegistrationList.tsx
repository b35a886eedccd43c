import { Datagrid, FunctionField, List, SelectInput, SimpleList, TextField, WrapperField } from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';
import { usePermissions, useRecordContext, useTranslate, type RaRecord } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField, chinaTime } from '../components/beijingTime';
import { FoldedFields, usePhone, useWide } from '../components/responsive';

const STATUSES = ['pending', 'approved', 'rejected'] as const;
const STATUS_CHOICES = STATUSES.map((s) => ({ id: s, name: `resources.registrations.status.${s}` }));

/**
 * 通过 / 驳回 for the administrator; 初审通过 / 退回 for a city's 工信局 (新增企业初审). A request still waiting for its
 * city shows where it is, and is the administrator's only once escalated (3 working days untouched).
 */
function DecisionButtons() {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  const translate = useTranslate();
  if (record?.status !== 'pending') return null;
  const city = permissions === 'city_miit';
  if (!city && record.stage === 'city' && !record.escalated) {
    return <Typography variant="body2" color="text.secondary">{translate('resources.registrations.waiting_for_city')}</Typography>;
  }
  return (
    <Stack direction="row" spacing={1} sx={{ '& .MuiButton-root': { whiteSpace: 'nowrap' } }}>
      <ActionButton action="approve" label={city ? 'resources.registrations.actions.city_approve' : 'resources.registrations.actions.approve'} confirm color="success" successMessage={city ? 'app.action.done_city_approve' : 'app.action.done_registration_approve'} />
      <ActionButton action="reject" label={city ? 'resources.registrations.actions.city_return' : 'resources.registrations.actions.reject'} withReason color="error" successMessage={city ? 'app.action.done_city_return' : 'app.action.done_registration_reject'} />
    </Stack>
  );
}

function StageField() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  if (record.status !== 'pending') return <>{translate(`resources.registrations.status.${record.status}`, { _: record.status })}</>;
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <span>{record.stageLabel ?? translate('resources.registrations.status.pending')}</span>
      {record.escalated && <Chip size="small" color="warning" label={translate('resources.registrations.escalated')} />}
      {!record.escalated && record.overdue && <Chip size="small" color="warning" variant="outlined" label={translate('resources.registrations.overdue')} />}
    </Stack>
  );
}

/** 注册审核: GET /api/registrations?status=pending by default; approve, or reject with a reason. */
export function RegistrationList() {
  const translate = useTranslate();
  const wide = useWide();
  const phone = usePhone();
  const roleText = (r: RaRecord) => translate(`roles.${r.role}`, { _: r.role });
  const statusText = (r: RaRecord) => translate(`resources.registrations.status.${r.status}`, { _: r.status });
  return (
    <List
      filters={[<SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />]}
      filterDefaultValues={{ status: 'pending' }}
      sort={{ field: 'createdAt', order: 'ASC' }}
      perPage={20} pagination={<ListPagination />}
      exporter={false}
    >
      {phone ? (
        <SimpleList
          primaryText={(r) => r.orgName}
          secondaryText={(r) => `${roleText(r)} · ${r.name}（${r.username}） · ${statusText(r)}`}
          tertiaryText={(r) => chinaTime(r.createdAt)}
          rowClick={false}
        />
      ) : (
        <Datagrid
          bulkActionButtons={false}
          rowClick={false}
          expand={wide ? undefined : <FoldedFields fields={[{ source: 'username' }, { source: 'mobile' }, { source: 'email' }]} />}
        >
          <TextField source="orgName" />
          <TextField source="uscc" />
          <FunctionField source="role" render={roleText} />
          <TextField source="name" />
          {wide && <TextField source="username" />}
          {wide && <TextField source="mobile" />}
          {wide && <TextField source="email" />}
          <BeijingDateField source="createdAt" />
          <FunctionField source="status" render={() => <StageField />} />
          <WrapperField label="resources.projects.fields.actions">
            <DecisionButtons />
          </WrapperField>
        </Datagrid>
      )}
    </List>
  );
}
