/**
 * 省级设置 (issue 12.7): who reviews the province's new enterprise registrations — the administrator, the city's 工信局
 * first (广东), or the city's 工信局 alone. The ministry sees every province; a 工业和信息化厅 its own. Saved on change.
 */
import { Alert, MenuItem, TextField as MuiTextField } from '@mui/material';
import { Datagrid, FunctionField, List, TextField } from 'react-admin';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'ra-core';
import { REGISTRATION_REVIEW_MODES, REGISTRATION_REVIEW_MODE_LABELS } from '../../../domain/accounts/registrationReview';
import { chinaTime } from '../components/beijingTime';
import { apiRequest } from '../providers/http';

function ModeSelect() {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  if (!record) return null;
  const change = async (mode: string) => {
    try {
      await apiRequest(`/province-settings/${encodeURIComponent(String(record.provinceCode))}`, { method: 'PUT', body: { registrationReview: mode } });
      notify('resources.province-settings.saved', { type: 'success', messageArgs: { province: record.provinceName } });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <MuiTextField
      select
      size="small"
      value={record.registrationReview}
      onChange={(e) => void change(e.target.value)}
      sx={{ minWidth: 320 }}
      slotProps={{ htmlInput: { 'aria-label': `${record.provinceName}${translate('resources.province-settings.fields.registrationReview')}` } }}
    >
      {REGISTRATION_REVIEW_MODES.map((mode) => (
        <MenuItem key={mode} value={mode}>
          {REGISTRATION_REVIEW_MODE_LABELS[mode]}
        </MenuItem>
      ))}
    </MuiTextField>
  );
}

export function ProvinceSettingList() {
  const translate = useTranslate();
  return (
    <List perPage={50} pagination={false} exporter={false} empty={false}>
      <Alert severity="info" sx={{ m: 1 }}>
        {translate('resources.province-settings.hint')}
      </Alert>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="provinceName" sortable={false} />
        <FunctionField source="registrationReview" sortable={false} render={() => <ModeSelect />} />
        <FunctionField source="updatedAt" sortable={false} render={(r) => (r.updatedAt ? chinaTime(r.updatedAt) : '—')} />
      </Datagrid>
    </List>
  );
}
