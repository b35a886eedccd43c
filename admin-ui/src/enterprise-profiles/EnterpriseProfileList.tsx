import { Button } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { Datagrid, FunctionField, List, SimpleList, TextField, TopToolbar } from 'react-admin';
import { useTranslate, type RaRecord } from 'ra-core';
import { Link } from 'react-router-dom';
import { chinaTime } from '../components/beijingTime';
import { usePhone } from '../components/responsive';

/** 填写本年度企业信息: the year's record opens with the registration data until it is saved. */
function ThisYearButton() {
  const translate = useTranslate();
  const year = new Date().getFullYear();
  return (
    <Button component={Link} to={`/enterprise-profiles/${year}`} variant="contained" size="small" startIcon={<EditIcon />}>
      {translate('app.profile.edit_year', { year })}
    </Button>
  );
}

/** 企业信息: one record per campaign year (SPEC §4.4). */
export function EnterpriseProfileList() {
  const translate = useTranslate();
  const phone = usePhone();
  return (
    <List
      sort={{ field: 'year', order: 'DESC' }}
      perPage={10}
      exporter={false}
      actions={
        <TopToolbar>
          <ThisYearButton />
        </TopToolbar>
      }
      empty={false}
    >
      {phone ? (
        <SimpleList
          primaryText={(record) => translate('app.profile.year_title', { year: record.year })}
          secondaryText={(record) => translate(record.complete ? 'app.profile.complete' : 'app.profile.incomplete')}
          tertiaryText={(record) => chinaTime(record.updatedAt)}
          rowClick="edit"
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="edit">
          <TextField source="year" />
          <TextField source="enterpriseName" />
          <FunctionField
            source="complete"
            render={(record: RaRecord) => translate(record.complete ? 'app.profile.complete' : 'app.profile.incomplete')}
          />
          <FunctionField source="updatedAt" render={(record: RaRecord) => chinaTime(record.updatedAt)} />
        </Datagrid>
      )}
    </List>
  );
}
