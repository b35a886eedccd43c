import { Create, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { createUserSchema } from '../../../domain/accounts/registration';
import { STAFF_ROLES } from '../../../domain/roles';
import { CascaderInput } from '../components/Cascader';
import { zodFieldErrors } from '../components/zodErrors';

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

/** An administrator creates regulator, expert and ministry accounts (SPEC §7 POST /api/users). */
export function UserCreate() {
  return (
    <Create transform={toRequest} mutationMode="pessimistic" redirect="list">
      <SimpleForm validate={validate}>
        <TextInput source="username" isRequired />
        <TextInput source="name" isRequired />
        <SelectInput source="role" choices={STAFF_ROLE_CHOICES} isRequired />
        <CascaderInput source="jurisdiction" tree="regions" maxDepth={2} />
        <TextInput source="mobile" />
        <TextInput source="email" />
      </SimpleForm>
    </Create>
  );
}
