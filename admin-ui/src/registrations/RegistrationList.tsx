import { Datagrid, FunctionField, List, SelectInput, SimpleList, TextField, WrapperField } from 'react-admin';
import { Stack } from '@mui/material';
import { useRecordContext, useTranslate, type RaRecord } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField, chinaTime } from '../components/beijingTime';
import { FoldedFields, usePhone, useWide } from '../components/responsive';

const STATUSES = ['pending', 'approved', 'rejected'] as const;
const STATUS_CHOICES = STATUSES.map((s) => ({ id: s, name: `resources.registrations.status.${s}` }));

function DecisionButtons() {
  const record = useRecordContext();
  if (record?.status !== 'pending') return null;
  return (
    <Stack direction="row" spacing={1} sx={{ '& .MuiButton-root': { whiteSpace: 'nowrap' } }}>
      <ActionButton action="approve" label="resources.registrations.actions.approve" confirm color="success" successMessage="app.action.done_registration_approve" />
      <ActionButton action="reject" label="resources.registrations.actions.reject" withReason color="error" successMessage="app.action.done_registration_reject" />
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
          <FunctionField source="status" render={statusText} />
          <WrapperField label="resources.projects.fields.actions">
            <DecisionButtons />
          </WrapperField>
        </Datagrid>
      )}
    </List>
  );
}
