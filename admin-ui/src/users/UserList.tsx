import { CreateButton, Datagrid, FunctionField, List, SelectInput, TextField, TextInput, TopToolbar, WrapperField } from 'react-admin';
import { useTranslate } from 'ra-core';
import { ROLES } from '../../../domain/roles';
import { ActionButton } from '../components/ActionButton';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField } from '../components/beijingTime';

export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `roles.${role}` }));

export function UserList() {
  const translate = useTranslate();
  return (
    <List
      filters={[
        <TextInput key="username" source="username" alwaysOn />,
        <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />,
      ]}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={20} pagination={<ListPagination />}
      exporter={false}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="username" />
        <TextField source="name" />
        <FunctionField source="role" render={(r) => translate(`roles.${r.role}`, { _: r.role })} />
        <TextField source="orgName" />
        <TextField source="mobile" />
        <BeijingDateField source="lockedUntil" />
        <BeijingDateField source="createdAt" />
        <WrapperField label="resources.projects.fields.actions">
          <ActionButton
            action="reset-password"
            label="resources.users.actions.reset_password"
            confirm
            successMessage="resources.users.actions.reset_password_done"
          />
        </WrapperField>
      </Datagrid>
    </List>
  );
}
