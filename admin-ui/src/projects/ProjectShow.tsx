/**
 * 查看 5G工厂: for now the summary, phase and the actions the server allows this user (allowedActions).
 * The four read-only tabs of the declaration form come with the form screens.
 */
import { DateField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { Stack } from '@mui/material';
import { useRecordContext } from 'ra-core';
import { ActionButton, type ActionButtonProps } from '../components/ActionButton';
import { PhaseField } from '../components/PhaseField';

/** Actions of SPEC §7 by the name the API lists them in `allowedActions` (one name may give several buttons). */
const ACTIONS: Record<string, Omit<ActionButtonProps, 'resource'>[]> = {
  'city-review': [
    {
      action: 'city-review',
      label: 'resources.projects.actions.city_review_approve',
      confirm: true,
      body: () => ({ decision: 'approve' }),
    },
    {
      action: 'city-review',
      label: 'resources.projects.actions.city_review_return',
      withReason: true,
      color: 'error',
      body: () => ({ decision: 'return' }),
    },
  ],
};
const SINGLE_ACTIONS: Record<string, Omit<ActionButtonProps, 'resource'>> = {
  submit: { action: 'submit', label: 'resources.projects.actions.submit', confirm: true },
  withdraw: { action: 'withdraw', label: 'resources.projects.actions.withdraw', withReason: true },
  recommend: {
    action: 'recommend',
    label: 'resources.projects.actions.recommend',
    confirm: true,
    // The form version looked at: if the enterprise changed the form since, the server refuses (409).
    body: (record) => ({ formVersion: record.formVersion }),
  },
  'cancel-recommendation': {
    action: 'cancel-recommendation',
    label: 'resources.projects.actions.cancel_recommendation',
    withReason: true,
    color: 'error',
  },
  'withdrawal/approve': { action: 'withdrawal/approve', label: 'resources.projects.actions.withdrawal_approve', confirm: true },
  'withdrawal/reject': {
    action: 'withdrawal/reject',
    label: 'resources.projects.actions.withdrawal_reject',
    withReason: true,
    color: 'error',
  },
};
for (const [name, props] of Object.entries(SINGLE_ACTIONS)) ACTIONS[name] = [props];

function AllowedActions() {
  const record = useRecordContext();
  const allowed: string[] = Array.isArray(record?.allowedActions) ? record.allowedActions : [];
  return (
    <Stack direction="row" spacing={1}>
      {allowed
        .flatMap((name) => (ACTIONS[name] ?? []).map((props, i) => ({ key: `${name}:${i}`, props })))
        .map(({ key, props }) => (
          <ActionButton key={key} variant="outlined" {...props} />
        ))}
    </Stack>
  );
}

export function ProjectShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <AllowedActions />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        <TextField source="enterpriseName" />
        <TextField source="name" />
        <PhaseField source="phase" label="resources.projects.fields.phase" />
        <TextField source="statusText" />
        <TextField source="stage" />
        <TextField source="address" />
        <DateField source="createdAt" showTime locales="zh-CN" />
        <DateField source="updatedAt" showTime locales="zh-CN" />
      </SimpleShowLayout>
    </Show>
  );
}
