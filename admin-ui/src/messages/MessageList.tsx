import { BooleanField, Datagrid, List, TextField } from 'react-admin';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField } from '../components/beijingTime';

/** 站内信: reminders before deadlines, decisions, reasons for 取消推荐 / 退回. */
export function MessageList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} perPage={20} pagination={<ListPagination />} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick="show">
        <TextField source="title" />
        <BeijingDateField source="createdAt" />
        <BooleanField source="read" />
      </Datagrid>
    </List>
  );
}
