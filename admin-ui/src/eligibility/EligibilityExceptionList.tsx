/**
 * 申报主体例外 (工信部, issue 12.6): enterprises outside 制造业、采矿业、电力、港口等重点领域 that the ministry allows to
 * register and declare, by 统一社会信用代码 and with a reason; 撤销 with a reason keeps the record. Both are audited.
 */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Datagrid, FunctionField, List, TextField, TopToolbar } from 'react-admin';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'ra-core';
import { ActionButton } from '../components/ActionButton';
import { ListPagination } from '../components/ListPagination';
import { chinaTime } from '../components/beijingTime';
import { apiRequest } from '../providers/http';

function GrantButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ uscc: '', orgName: '', reason: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const t = (key: string) => translate(`resources.eligibility-exceptions.fields.${key}`);
  const save = async () => {
    try {
      await apiRequest('/eligibility-exceptions', { method: 'POST', body: values });
      notify('resources.eligibility-exceptions.created', { type: 'success' });
      setOpen(false);
      setValues({ uscc: '', orgName: '', reason: '' });
      refresh();
    } catch (error) {
      const details = ((error as { body?: { details?: { path: string; message: string }[] } }).body?.details ?? []) as { path: string; message: string }[];
      setErrors(Object.fromEntries(details.map((d) => [d.path, d.message])));
      notify((error as Error).message, { type: 'error' });
    }
  };
  const field = (name: keyof typeof values, multiline = false) => (
    <MuiTextField
      label={t(name)}
      value={values[name]}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      error={!!errors[name]}
      helperText={errors[name]}
      multiline={multiline}
      minRows={multiline ? 3 : undefined}
      required={name !== 'orgName'}
      fullWidth
      size="small"
    />
  );
  return (
    <>
      <Button size="small" variant="contained" startIcon={<AddIcon />} onClick={() => setOpen(true)}>
        {translate('resources.eligibility-exceptions.actions.create')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="grant-title">
        <DialogTitle id="grant-title">{translate('resources.eligibility-exceptions.actions.create')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {field('uscc')}
            {field('orgName')}
            {field('reason', true)}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={() => void save()}>
            {translate('ra.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

function StateField() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return record.revokedAt ? (
    <>{translate('resources.eligibility-exceptions.revoked', { reason: record.revokeReason ?? '' })}</>
  ) : (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <span>{translate('resources.eligibility-exceptions.active')}</span>
      <ActionButton action="revoke" label="resources.eligibility-exceptions.actions.revoke" withReason color="error" />
    </Stack>
  );
}

export function EligibilityExceptionList() {
  const translate = useTranslate();
  return (
    <List
      actions={
        <TopToolbar>
          <GrantButton />
        </TopToolbar>
      }
      perPage={20}
      pagination={<ListPagination />}
      exporter={false}
      empty={false}
    >
      <Alert severity="info" sx={{ m: 1 }}>
        {translate('resources.eligibility-exceptions.hint')}
      </Alert>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="uscc" sortable={false} />
        <TextField source="orgName" sortable={false} />
        <TextField source="nationalEconomyText" sortable={false} emptyText="—" />
        <TextField source="reason" sortable={false} />
        <TextField source="grantedBy" sortable={false} />
        <FunctionField source="grantedAt" sortable={false} render={(r) => chinaTime(r.grantedAt)} />
        <FunctionField source="state" sortable={false} render={() => <StateField />} />
      </Datagrid>
    </List>
  );
}
