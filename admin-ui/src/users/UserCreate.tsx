import { useState } from 'react';
import { Create, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { useRedirect, useTranslate, type RaRecord } from 'ra-core';
import { createUserSchema } from '../../../domain/accounts/registration';
import { STAFF_ROLES, isAdminRole } from '../../../domain/roles';
import { CascaderInput } from '../components/Cascader';
import { zodFieldErrors } from '../components/zodErrors';
import { TemporaryPasswordDialog, type TemporaryPassword } from './TemporaryPasswordDialog';
import { accountName } from './UserList';

const STAFF_ROLE_CHOICES = STAFF_ROLES.map((role) => ({ id: role, name: `roles.${role}` }));

/** The jurisdiction cascade gives [provinceCode, cityCode?]; POST /api/users takes them as codes. */
function toRequest({ jurisdiction, ...data }: Record<string, unknown>) {
  const [provinceCode, cityCode] = Array.isArray(jurisdiction) ? (jurisdiction as string[]) : [];
  return { ...data, provinceCode, cityCode };
}

/** Checked with the API's createUserSchema; a jurisdiction message is shown on the cascade. */
function validate(values: Record<string, unknown>) {
  const errors = zodFieldErrors(createUserSchema, toRequest(values));
  const jurisdiction = errors.provinceCode ?? errors.cityCode;
  delete errors.provinceCode;
  delete errors.cityCode;
  return jurisdiction ? { ...errors, jurisdiction } : errors;
}

/**
 * An administrator creates regulator, expert, ministry and administrator accounts (SPEC §7 POST /api/users); the
 * temporary password is shown once in a dialog with 复制, then the list.
 */
export function UserCreate() {
  const translate = useTranslate();
  const redirect = useRedirect();
  const [created, setCreated] = useState<TemporaryPassword | null>(null);
  const onSuccess = (record: RaRecord) =>
    setCreated({
      account: accountName(record),
      password: String(record.temporaryPassword ?? ''),
      note: isAdminRole(String(record.role)) ? translate('resources.users.password_dialog.admin_note') : undefined,
    });
  return (
    <>
      <Create transform={toRequest} mutationMode="pessimistic" mutationOptions={{ onSuccess }}>
        <SimpleForm validate={validate}>
          <TextInput source="username" isRequired />
          <TextInput source="name" isRequired />
          <SelectInput source="role" choices={STAFF_ROLE_CHOICES} isRequired />
          <CascaderInput source="jurisdiction" tree="regions" maxDepth={2} />
          <TextInput source="mobile" />
          <TextInput source="email" />
        </SimpleForm>
      </Create>
      <TemporaryPasswordDialog
        value={created}
        title="resources.users.password_dialog.created_title"
        onClose={() => {
          setCreated(null);
          redirect('list', 'users');
        }}
      />
    </>
  );
}
