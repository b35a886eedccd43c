/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * 企业信息 of one year (GET/PUT /api/enterprise-profiles/:year): 企业信息, 资金信息, 单位联系人. Until the year's
 * record is saved the server offers the registration data. Checked in the browser with the domain schema the
 * server applies; the server's field messages land on the same fields.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Box, Button, Card, CardContent } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import { DateInput, Form, Loading, NumberInput, SelectInput, TextInput, Title } from 'react-admin';
import { setSubmissionErrors, useDataProvider, useGetOne, useNotify, useRedirect, useTranslate, type HttpError } from 'ra-core';
import { useFormContext, type FieldValues, type Resolver } from 'react-hook-form';
import { enterpriseProfileSchema, ENTERPRISE_PROFILE_LABELS } from '../../../domain/form';
import { ENTERPRISE_NATURES } from '../../../domain/reference';
import { AddressInput, IndustryCodeInput } from '../components/CodeInputs';
import { zodFieldErrors } from '../components/zodErrors';
import { setErrorAt } from '../projects/form/formState';
import { SectionHeading } from '../components/SectionHeading';

const L = ENTERPRISE_PROFILE_LABELS as Record<string, string>;
const schema = enterpriseProfileSchema('submit');

/** The profile is saved whole and complete (the server checks it as 提交 would), so the browser does the same. */
const resolver: Resolver<FieldValues> = async (values) => {
  const flat = zodFieldErrors(schema, values);
  if (!Object.keys(flat).length) return { values, errors: {} };
  const errors: Record<string, any> = {};
  for (const [key, message] of Object.entries(flat)) setErrorAt(errors, key || 'root', message);
  return { values: {}, errors };
};

const half = { gridColumn: { xs: 'span 2', md: 'span 1' } };

function Heading({ children }: { children: string }) {
  return <SectionHeading title={children} sx={{ gridColumn: 'span 2', mt: 2 }} />;
}

function SaveButton({ year }: { year: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider();
  const { handleSubmit, setError } = useFormContext();
  const [busy, setBusy] = useState(false);
  const save = handleSubmit(
    async (values) => {
      setBusy(true);
      try {
        const { id: _id, ...profile } = values;
        await dataProvider.update('enterprise-profiles', { id: year, data: profile, previousData: { id: year } });
        notify('app.profile.saved', { type: 'success' });
        redirect('list', 'enterprise-profiles');
      } catch (error) {
        const errors = ((error as HttpError).body as { errors?: Record<string, unknown> } | undefined)?.errors;
        if (errors) {
          const { root: _root, ...fields } = errors;
          setSubmissionErrors(fields, setError);
        }
        notify((error as Error).message, { type: 'error' });
      } finally {
        setBusy(false);
      }
    },
    () => notify('app.form.fix_fields', { type: 'error' }),
  );
  return (
    <Button variant="contained" startIcon={<SaveIcon />} onClick={save} disabled={busy} sx={{ mt: 3 }}>
      {translate('app.profile.save')}
    </Button>
  );
}

export function EnterpriseProfileEdit() {
  const { id: year = '' } = useParams();
  const translate = useTranslate();
  const { data: record, isPending, error } = useGetOne('enterprise-profiles', { id: year });
  if (isPending) return <Loading />;
  if (error || !record) return <Alert severity="error">{(error as Error)?.message}</Alert>;
  const text = (source: string, props: Record<string, unknown> = {}) => (
    <Box sx={half}>
      <TextInput source={source} label={L[source]} fullWidth helperText={false} {...props} />
    </Box>
  );
  const amount = (source: string) => (
    <Box sx={half}>
      <NumberInput source={source} label={L[source]} fullWidth min={0} step={0.01} helperText={false} />
    </Box>
  );
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('app.profile.title', { year })} />
      {record.source === 'registration' && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.profile.from_registration', { year })}
        </Alert>
      )}
      <Card>
        <CardContent>
          <Form record={{ id: year, ...(record.data ?? {}) }} resolver={resolver} onSubmit={() => undefined} disableInvalidFormNotification>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 3 }}>
              <Heading>{L.enterpriseInfo}</Heading>
              {text('enterpriseInfo.name')}
              {text('enterpriseInfo.creditCode')}
              <Box sx={half}>
                <SelectInput
                  source="enterpriseInfo.nature"
                  label={L['enterpriseInfo.nature']}
                  choices={ENTERPRISE_NATURES.map((n) => ({ id: n, name: n }))}
                  translateChoice={false}
                  fullWidth
                  helperText={false}
                />
              </Box>
              <Box sx={half}>
                <IndustryCodeInput source="enterpriseInfo.nationalEconomyCode" label={L['enterpriseInfo.nationalEconomyCode']} />
              </Box>
              <Box sx={half}>
                <AddressInput source="enterpriseInfo.address" label={L['enterpriseInfo.address']} />
              </Box>
              {text('enterpriseInfo.addressDetail')}
              {amount('enterpriseInfo.registeredCapital')}
              <Box sx={half}>
                <DateInput source="enterpriseInfo.establishedDate" label={L['enterpriseInfo.establishedDate']} fullWidth helperText={false} />
              </Box>
              <Box sx={half}>
                <NumberInput source="enterpriseInfo.employeeCount" label={L['enterpriseInfo.employeeCount']} fullWidth min={0} step={1} helperText={false} />
              </Box>
              <Heading>{L.finance}</Heading>
              {amount('finance.operatingRevenue')}
              {amount('finance.rdInvestment')}
              {amount('finance.digitalInvestment')}
              <Heading>{L.unitContact}</Heading>
              {text('unitContact.name')}
              {text('unitContact.title')}
              {text('unitContact.mobile')}
              {text('unitContact.email')}
            </Box>
            <SaveButton year={String(year)} />
          </Form>
        </CardContent>
      </Card>
    </Box>
  );
}
