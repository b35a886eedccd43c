import { Datagrid, FunctionField, List, TextField, TextInput } from 'react-admin';
import { useTranslate } from 'ra-core';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField } from '../components/beijingTime';

/** 审计日志 (GET /api/audit): logins, failures, locks, registration decisions, password resets, project actions. */
export function AuditList() {
  const translate = useTranslate();
  return (
    <List
      filters={[<TextInput key="actorName" source="actorName" alwaysOn />, <TextInput key="action" source="action" alwaysOn />]}
      sort={{ field: 'at', order: 'DESC' }}
      perPage={50} pagination={<ListPagination />}
      exporter={false}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <BeijingDateField source="at" />
        <TextField source="actorName" />
        <FunctionField source="role" render={(r) => (r.role ? translate(`roles.${r.role}`, { _: r.role }) : '')} />
        <TextField source="action" />
        <TextField source="target" />
        <TextField source="detail" />
        <TextField source="ip" />
      </Datagrid>
    </List>
  );
}
