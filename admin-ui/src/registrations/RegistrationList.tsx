import { Datagrid, FunctionField, List, SelectInput, TextField } from 'react-admin';
import { Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField } from '../components/beijingTime';

const STATUSES = ['pending', 'approved', 'rejected'] as const;
const STATUS_CHOICES = STATUSES.map((s) => ({ id: s, name: `resources.registrations.status.${s}` }));

function DecisionButtons() {
  const record = useRecordContext();
  if (record?.status !== 'pending') return null;
  return (
    <Stack direction="row" spacing={1}>
      <ActionButton action="approve" label="resources.registrations.actions.approve" confirm color="success" />
      <ActionButton action="reject" label="resources.registrations.actions.reject" withReason color="error" />
    </Stack>
  );
}

/** 注册审核: GET /api/registrations?status=pending by default; approve, or reject with a reason. */
export function RegistrationList() {
  const translate = useTranslate();
  return (
    <List
      filters={[<SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />]}
      filterDefaultValues={{ status: 'pending' }}
      sort={{ field: 'createdAt', order: 'ASC' }}
      perPage={20} pagination={<ListPagination />}
      exporter={false}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="orgName" />
        <TextField source="uscc" />
        <FunctionField source="role" render={(r) => translate(`roles.${r.role}`, { _: r.role })} />
        <TextField source="name" />
        <TextField source="username" />
        <TextField source="mobile" />
        <TextField source="email" />
        <BeijingDateField source="createdAt" />
        <FunctionField
          source="status"
          render={(r) => translate(`resources.registrations.status.${r.status}`, { _: r.status })}
        />
        <DecisionButtons />
      </Datagrid>
    </List>
  );
}
