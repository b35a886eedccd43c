import { Create, PasswordInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { STAFF_ROLES } from '../../../domain/roles';
import { CascaderInput } from '../components/Cascader';

const STAFF_ROLE_CHOICES = STAFF_ROLES.map((role) => ({ id: role, name: `roles.${role}` }));

/** The jurisdiction cascade gives [provinceCode, cityCode?]; POST /api/users takes them as codes. */
function toRequest({ jurisdiction, ...data }: Record<string, unknown>) {
  const [provinceCode, cityCode] = Array.isArray(jurisdiction) ? (jurisdiction as string[]) : [];
  return { ...data, provinceCode, cityCode };
}

/** An administrator creates regulator, expert and ministry accounts (SPEC §7 POST /api/users). */
export function UserCreate() {
  return (
    <Create transform={toRequest} mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <TextInput source="username" validate={required()} />
        <TextInput source="displayName" validate={required()} />
        <SelectInput source="role" choices={STAFF_ROLE_CHOICES} validate={required()} />
        <TextInput source="orgName" validate={required()} />
        <CascaderInput source="jurisdiction" tree="regions" maxDepth={2} />
        <TextInput source="mobile" />
        <TextInput source="email" />
        <PasswordInput source="password" validate={required()} />
      </SimpleForm>
    </Create>
  );
}
