import { Box } from '@mui/material';
import { Datagrid, FunctionField, List, SimpleList, TextField, TextInput } from 'react-admin';
import { useTranslate, type RaRecord } from 'ra-core';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField, chinaTime } from '../components/beijingTime';
import { FoldedFields, usePhone, useWide } from '../components/responsive';

/** The detail (JSON) in two lines at most; all of it under 展开 or in the cell's tooltip. */
function Detail({ text }: { text: string }) {
  return (
    <Box title={text} sx={{ maxWidth: 360, overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflowWrap: 'anywhere' }}>
      {text}
    </Box>
  );
}

/** 审计日志 (GET /api/audit): logins, failures, locks, registration decisions, password resets, project actions. */
export function AuditList() {
  const translate = useTranslate();
  const wide = useWide();
  const phone = usePhone();
  const roleText = (r: RaRecord) => (r.role ? translate(`roles.${r.role}`, { _: r.role }) : '');
  return (
    <List
      filters={[<TextInput key="actorName" source="actorName" alwaysOn />, <TextInput key="action" source="action" alwaysOn />]}
      sort={{ field: 'at', order: 'DESC' }}
      perPage={50} pagination={<ListPagination />}
      exporter={false}
    >
      {phone ? (
        <SimpleList primaryText={(r) => r.action} secondaryText={(r) => `${r.actorName ?? ''} ${roleText(r)} · ${r.target ?? ''}`} tertiaryText={(r) => chinaTime(r.at)} rowClick={false} />
      ) : (
        <Datagrid
          bulkActionButtons={false}
          rowClick={false}
          expand={wide ? undefined : <FoldedFields fields={[{ source: 'target' }, { source: 'ip' }, { source: 'detail' }]} />}
          sx={{ '& td': { verticalAlign: 'top' } }}
        >
          <BeijingDateField source="at" />
          <TextField source="actorName" />
          <FunctionField source="role" render={roleText} />
          <TextField source="action" />
          {wide && <FunctionField source="target" render={(r) => <Box sx={{ overflowWrap: 'anywhere' }}>{r.target}</Box>} />}
          <FunctionField source="detail" render={(r) => <Detail text={String(r.detail ?? '')} />} />
          {wide && <TextField source="ip" />}
        </Datagrid>
      )}
    </List>
  );
}
