import { CreateButton, Datagrid, DateField, List, NumberField, TextField, TopToolbar } from 'react-admin';
import { usePermissions } from 'ra-core';

export function CampaignList() {
  const { permissions } = usePermissions();
  return (
    <List
      sort={{ field: 'year', order: 'DESC' }}
      exporter={false}
      actions={<TopToolbar>{permissions === 'ministry' && <CreateButton />}</TopToolbar>}
    >
      <Datagrid bulkActionButtons={false} rowClick={permissions === 'ministry' ? 'edit' : false}>
        <TextField source="year" />
        <DateField source="submissionDeadline" showTime locales="zh-CN" />
        <DateField source="recommendationDeadline" showTime locales="zh-CN" />
        <NumberField source="publicityDays" />
        <TextField source="status" />
      </Datagrid>
    </List>
  );
}
