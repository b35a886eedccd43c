import { Create, DateTimeInput, Edit, NumberInput, SaveButton, SimpleForm, Toolbar, minValue, required } from 'react-admin';
import { useRecordContext, useTranslate } from 'ra-core';
import { fromBeijingInput, toBeijingInput } from '../../../domain/time';

/** A deadline, typed and shown in Beijing time (北京时间) whatever the browser's time zone. */
function DeadlineInput({ source }: { source: string }) {
  return (
    <DateTimeInput
      source={source}
      validate={required()}
      format={toBeijingInput}
      parse={fromBeijingInput}
      helperText="resources.campaigns.beijing_time"
    />
  );
}

const deadlines = (
  <>
    <DeadlineInput source="submissionDeadline" />
    <DeadlineInput source="recommendationDeadline" />
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

function CampaignTitle() {
  const record = useRecordContext();
  const translate = useTranslate();
  return <span>{translate('resources.campaigns.edit_title', { year: record?.year ?? '' })}</span>;
}

/** A campaign is never deleted: 保存 only. */
const SaveOnly = (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** Extending deadlines while the round runs (PATCH /api/campaigns/:year reaches every running workflow). */
export function CampaignEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" title={<CampaignTitle />}>
      <SimpleForm toolbar={SaveOnly}>{deadlines}</SimpleForm>
    </Edit>
  );
}
