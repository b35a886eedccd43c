/**
 * 5G工厂 list (SPEC §6): filters, the platform's columns, 导出 of the whole filtered list as .xlsx.
 * Columns read the API's list projection; row actions beyond 查看 live on the show page for now.
 */
import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberInput,
  Pagination,
  SelectInput,
  ShowButton,
  TextField,
  TextInput,
  TopToolbar,
  CreateButton,
  WrapperField,
} from 'react-admin';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useListContext, useDataProvider, useNotify, usePermissions, useTranslate } from 'ra-core';
import { PHASES } from '../../../domain/phases';
import { PhaseField } from '../components/PhaseField';
import { listQuery, type AppDataProvider } from '../providers/dataProvider';

const PHASE_CHOICES = PHASES.map((phase) => ({ id: phase, name: `phases.${phase}` }));

const filters = [
  <TextInput key="enterpriseName" source="enterpriseName" alwaysOn />,
  <TextInput key="name" source="name" alwaysOn />,
  <SelectInput key="phase" source="phase" choices={PHASE_CHOICES} />,
  <NumberInput key="year" source="year" />,
];

/** 导出: GET /api/projects/export with the list's filters and sort, streamed by the server as .xlsx. */
function ExportXlsxButton() {
  const { filterValues, sort } = useListContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const exportList = () =>
    dataProvider
      .download(`projects/export?${listQuery({ filter: filterValues, sort })}`, '5G工厂.xlsx')
      .catch((error: Error) => notify(error.message, { type: 'error' }));
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={exportList}>
      {translate('app.action.export')}
    </Button>
  );
}

function ProjectListActions() {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      {permissions === 'enterprise' && <CreateButton />}
      <ExportXlsxButton />
    </TopToolbar>
  );
}

export function ProjectList() {
  return (
    <List
      filters={filters}
      actions={<ProjectListActions />}
      perPage={10}
      sort={{ field: 'updatedAt', order: 'DESC' }}
      pagination={<Pagination rowsPerPageOptions={[10, 20, 50]} />}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="enterpriseName" />
        <TextField source="name" />
        <TextField source="projectType" sortable={false} />
        <TextField source="level" sortable={false} />
        <FunctionField
          source="statusText"
          sortBy="phase"
          render={(record: { statusText?: string }) => record.statusText || <PhaseField />}
        />
        <TextField source="stage" sortable={false} />
        <TextField source="industry" sortable={false} />
        <TextField source="address" sortable={false} />
        <DateField source="createdAt" showTime locales="zh-CN" />
        <DateField source="updatedAt" showTime locales="zh-CN" />
        <WrapperField label="resources.projects.fields.actions">
          <ShowButton label="resources.projects.actions.view" />
        </WrapperField>
      </Datagrid>
    </List>
  );
}
