import { Create, DateTimeInput, Edit, NumberInput, SimpleForm, minValue, required } from 'react-admin';

const deadlines = (
  <>
    <DateTimeInput source="submissionDeadline" validate={required()} />
    <DateTimeInput source="recommendationDeadline" validate={required()} />
    <NumberInput source="publicityDays" validate={[required(), minValue(1)]} />
  </>
);

/** 年度批次: a new year's round (POST /api/campaigns). */
export function CampaignCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="list">
      <SimpleForm defaultValues={{ year: new Date().getFullYear(), publicityDays: 7 }}>
        <NumberInput source="year" validate={required()} />
        {deadlines}
      </SimpleForm>
    </Create>
  );
}

/** Extending deadlines while the round runs (PATCH /api/campaigns/:year reaches every running workflow). */
export function CampaignEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>{deadlines}</SimpleForm>
    </Edit>
  );
}
