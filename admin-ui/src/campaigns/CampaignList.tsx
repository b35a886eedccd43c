import { CreateButton, Datagrid, FunctionField, List, NumberField, TextField, TopToolbar, WrapperField } from 'react-admin';
import { usePermissions, type RaRecord } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { chinaTime } from '../components/beijingTime';

/** How the dialogs name a campaign: 2026年度. */
const yearTitle = (record: RaRecord) => `${record.year}年度`;

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
        <FunctionField source="submissionDeadline" render={(r) => chinaTime(r.submissionDeadline)} />
        <FunctionField source="recommendationDeadline" render={(r) => chinaTime(r.recommendationDeadline)} />
        <NumberField source="publicityDays" />
        {permissions === 'ministry' && (
          <WrapperField label="resources.projects.fields.actions">
            {/* POST /api/campaigns/:year/publicity and /publish: the year's 公示 and the public 名录. */}
            <ActionButton action="publicity" label="resources.campaigns.actions.publicity" confirm description="resources.campaigns.actions.publicity_hint" subject={yearTitle} successMessage="app.action.done_publicity" />
            <ActionButton action="publish" label="resources.campaigns.actions.publish" confirm description="resources.campaigns.actions.publish_hint" subject={yearTitle} />
          </WrapperField>
        )}
      </Datagrid>
    </List>
  );
}
