import { Datagrid, DateField, List, TextField } from 'react-admin';

/** 企业信息: one record per campaign year (SPEC §4.4); the form itself comes with the declaration form screens. */
export function EnterpriseProfileList() {
  return (
    <List sort={{ field: 'year', order: 'DESC' }} perPage={10} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="year" />
        <TextField source="orgName" />
        <TextField source="uscc" />
        <DateField source="updatedAt" showTime locales="zh-CN" />
      </Datagrid>
    </List>
  );
}
