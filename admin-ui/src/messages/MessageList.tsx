import type { SxProps } from '@mui/material';
import { Datagrid, FunctionField, List, SimpleList, TextField } from 'react-admin';
import { useTranslate, type RaRecord } from 'ra-core';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField, chinaTime } from '../components/beijingTime';
import { usePhone } from '../components/responsive';

/** 站内信: reminders before deadlines, decisions, reasons for 取消推荐 / 退回. Unread ones in bold. */
export function MessageList() {
  const translate = useTranslate();
  const phone = usePhone();
  const readText = (r: RaRecord) => translate(r.read ? 'app.messages.read' : 'app.messages.unread');
  const unreadBold = (r: RaRecord): SxProps => ({ '& td, & .MuiListItemText-primary': { fontWeight: r.read ? 400 : 600 } });
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} perPage={20} pagination={<ListPagination />} exporter={false}>
      {phone ? (
        <SimpleList primaryText={(r) => r.title} secondaryText={readText} tertiaryText={(r) => chinaTime(r.createdAt)} rowClick="show" rowSx={unreadBold} />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="show" rowSx={unreadBold}>
          <TextField source="title" />
          <BeijingDateField source="createdAt" />
          <FunctionField source="read" render={readText} />
        </Datagrid>
      )}
    </List>
  );
}
