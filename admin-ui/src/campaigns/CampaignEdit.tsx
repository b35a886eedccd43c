import { Create, Edit, NumberInput, SaveButton, SimpleForm, TextInput, Toolbar, minValue, required } from 'react-admin';
import { useRecordContext, useTranslate } from 'ra-core';
import { beijingText } from '../../../domain/time';

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/;

/** An instant as the API and the form keep it (ISO, with its offset), not text being typed. */
const isInstant = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
/** What the field shows: the instant as 北京时间 `YYYY-MM-DD HH:mm`, as everywhere else; text being typed as it is. */
const showBeijing = (value: unknown) => (isInstant(value) ? beijingText(value) : typeof value === 'string' ? value : '');
/** What the form keeps: `YYYY-MM-DD HH:mm` typed as Beijing time → the ISO instant with its offset the API expects. */
const parseBeijing = (text: string) => {
  const match = WALL_CLOCK.exec(text.trim());
  return match ? `${match[1]}T${match[2]}:00+08:00` : text;
};
/** Text that is not (yet) a time: the field names the format. */
const beijingFormat = (value: unknown) => (typeof value === 'string' && value !== '' && !isInstant(value) ? 'resources.campaigns.time_format' : undefined);

/**
 * A deadline, typed and shown as 北京时间 `YYYY-MM-DD HH:mm` whatever the browser's time zone and language (a native
 * date-time picker would show the browser's own format, e.g. 12/30/2026, 09:38 PM).
 */
function DeadlineInput({ source }: { source: string }) {
  return (
    <TextInput
      source={source}
      validate={[required(), beijingFormat]}
      format={showBeijing}
      parse={parseBeijing}
      placeholder="2026-03-31 23:59"
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
