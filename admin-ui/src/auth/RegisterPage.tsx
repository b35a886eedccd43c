/**
 * 注册 (SPEC §5, manual §1.3): 1 账号注册 → 2 企业认证 → 3 完成. Checks here only spare the user a round trip
 * (required, formats, confirmation); the rules (password strength, 统一社会信用代码 check digit, taken
 * account or code) are the server's, and its field messages are shown next to the fields.
 */
import { useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Link,
  Radio,
  RadioGroup,
  Stack,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from '@mui/material';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { useTranslate, type HttpError } from 'ra-core';
import { Cascader } from '../components/Cascader';
import { SelectField } from '../components/SelectField';
import { useReferenceTree } from '../components/referenceTrees';
import {
  accountStepSchema,
  ENTERPRISE_NATURES,
  organisationStepSchema,
  REGISTRATION_ROLES,
  type RegistrationRole,
} from '../../../domain/accounts/registration';
import { zodFieldErrors } from '../components/zodErrors';
import { apiRequest, type ApiErrorDetails } from '../providers/http';
import { AuthFrame } from './AuthFrame';
import {
  ACCOUNT_FIELDS,
  placeErrors,
  toRegistrationInput,
  type AccountState,
  type Errors,
  type Field,
  type OrganisationState,
} from './registrationForm';

function Row({ children }: { children: ReactNode }) {
  return <Box sx={{ mb: 2 }}>{children}</Box>;
}

export function RegisterPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const regions = useReferenceTree('regions');
  const industries = useReferenceTree('industries');
  const [step, setStep] = useState(0);
  const [account, setAccount] = useState<AccountState>({
    name: '',
    username: '',
    mobile: '',
    email: '',
    password: '',
    confirmPassword: '',
  });
  const [organisation, setOrganisation] = useState<OrganisationState>({
    role: 'enterprise',
    region: [],
    orgName: '',
    orgAddress: [],
    addressDetail: '',
    uscc: '',
    enterpriseNature: '',
    nationalEconomy: [],
  });
  const [errors, setErrors] = useState<Errors>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const label = (field: Field) => translate(`app.register.${LABEL_KEYS[field]}`);

  const next = () => {
    const found = placeErrors(
      Object.fromEntries(Object.entries(zodFieldErrors(accountStepSchema, account)).map(([p, m]) => [`account.${p}`, m])),
    ).errors;
    setErrors(found);
    if (!Object.keys(found).length) setStep(1);
  };

  const submit = async () => {
    const input = toRegistrationInput(account, organisation);
    const found = placeErrors(
      Object.fromEntries(
        Object.entries(zodFieldErrors(organisationStepSchema, input.organisation)).map(([p, m]) => [`organisation.${p}`, m]),
      ),
    ).errors;
    setErrors(found);
    setServerMessage(undefined);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    try {
      await apiRequest('/auth/register', { method: 'POST', anonymous: true, body: input });
      setStep(2);
    } catch (error) {
      const body = (error as HttpError).body as ApiErrorDetails | undefined;
      const { errors: fieldErrors, unplaced } = placeErrors(body?.errors ?? {});
      setErrors(fieldErrors);
      // Field messages sit by their fields; anything else (账号已存在, a taken 组织机构代码…) on top.
      if (unplaced || !Object.keys(fieldErrors).length) setServerMessage((error as Error).message);
      if (ACCOUNT_FIELDS.some((f) => fieldErrors[f])) setStep(0);
    } finally {
      setSubmitting(false);
    }
  };

  const text = <S extends AccountState | OrganisationState>(
    state: S,
    setState: (s: S) => void,
    field: keyof S & Field,
    extra: { type?: string; autoComplete?: string; helperText?: string } = {},
  ) => (
    <Row>
      <TextField
        fullWidth
        required
        name={field}
        label={label(field)}
        value={state[field] as string}
        onChange={(e) => setState({ ...state, [field]: e.target.value })}
        error={!!errors[field]}
        helperText={errors[field] ?? extra.helperText}
        type={extra.type}
        autoComplete={extra.autoComplete}
      />
    </Row>
  );

  /** A region or industry chosen in its reference tree (a failed load says so under the field). */
  const cascader = (
    field: 'region' | 'orgAddress' | 'nationalEconomy',
    tree: ReturnType<typeof useReferenceTree>,
    maxDepth?: number,
  ) => (
    <Row>
      <Cascader
        name={field}
        label={label(field)}
        required
        options={tree.data}
        loading={tree.isPending}
        maxDepth={maxDepth}
        value={organisation[field]}
        onChange={(codes) => setOrganisation({ ...organisation, [field]: codes })}
        error={!!errors[field] || tree.isError}
        helperText={errors[field] ?? (tree.isError ? translate('app.cascader.load_failed') : undefined)}
      />
    </Row>
  );

  return (
    <AuthFrame title={translate('app.register.title')} width={640}>
      <Stepper activeStep={step} alternativeLabel sx={{ mb: 3 }}>
        {['step_account', 'step_enterprise', 'step_done'].map((key) => (
          <Step key={key}>
            <StepLabel>{translate(`app.register.${key}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {serverMessage && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {serverMessage}
        </Alert>
      )}

      {step === 0 && (
        <Box component="form" noValidate onSubmit={(e) => (e.preventDefault(), next())}>
          {text(account, setAccount, 'name', { autoComplete: 'name' })}
          {text(account, setAccount, 'username', { autoComplete: 'username' })}
          {text(account, setAccount, 'mobile', { type: 'tel', autoComplete: 'tel' })}
          {text(account, setAccount, 'email', { type: 'email', autoComplete: 'email' })}
          {text(account, setAccount, 'password', {
            type: 'password',
            autoComplete: 'new-password',
            helperText: translate('app.register.password_hint'),
          })}
          {text(account, setAccount, 'confirmPassword', { type: 'password', autoComplete: 'new-password' })}
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
            <Link component={RouterLink} to="/login" variant="body2">
              {translate('app.register.has_account')}
            </Link>
            <Button type="submit" variant="contained">
              {translate('app.register.next')}
            </Button>
          </Stack>
        </Box>
      )}

      {step === 1 && (
        <Box component="form" noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
          <Row>
            <FormControl required error={!!errors.role}>
              <FormLabel>{label('role')}</FormLabel>
              <RadioGroup
                row
                name="role"
                value={organisation.role}
                onChange={(e) => setOrganisation({ ...organisation, role: e.target.value as RegistrationRole })}
              >
                {REGISTRATION_ROLES.map((role) => (
                  <FormControlLabel key={role} value={role} control={<Radio />} label={translate(`app.register.role_${role}`)} />
                ))}
              </RadioGroup>
              {errors.role && <FormHelperText>{errors.role}</FormHelperText>}
            </FormControl>
          </Row>
          {cascader('region', regions, 2)}
          {text(organisation, setOrganisation, 'orgName', { autoComplete: 'organization' })}
          {cascader('orgAddress', regions)}
          {text(organisation, setOrganisation, 'addressDetail', { autoComplete: 'street-address' })}
          {text(organisation, setOrganisation, 'uscc', { helperText: translate('app.register.credit_code_hint') })}
          <Row>
            <SelectField
              fullWidth
              required
              name="enterpriseNature"
              label={label('enterpriseNature')}
              value={organisation.enterpriseNature}
              onValue={(enterpriseNature) => setOrganisation({ ...organisation, enterpriseNature })}
              options={ENTERPRISE_NATURES.map((nature) => ({ value: nature, label: nature }))}
              error={!!errors.enterpriseNature}
              helperText={errors.enterpriseNature}
            />
          </Row>
          {cascader('nationalEconomy', industries)}
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'flex-end' }}>
            <Button variant="outlined" onClick={() => setStep(0)}>
              {translate('app.register.previous')}
            </Button>
            <Button type="submit" variant="contained" disabled={submitting}>
              {translate('app.register.submit')}
            </Button>
          </Stack>
        </Box>
      )}

      {step === 2 && (
        <Stack spacing={3} sx={{ alignItems: 'center', py: 3 }}>
          <CheckCircleOutlineIcon color="success" sx={{ fontSize: 64 }} />
          <Typography variant="h6" sx={{ textAlign: 'center' }}>
            {translate('app.register.done')}
          </Typography>
          <Button variant="contained" onClick={() => navigate('/')}>
            {translate('app.register.back_home')}
          </Button>
        </Stack>
      )}
    </AuthFrame>
  );
}

/** i18n key (app.register.*) of each field's label. */
const LABEL_KEYS: Record<Field, string> = {
  name: 'display_name',
  username: 'username',
  mobile: 'mobile',
  email: 'email',
  password: 'password',
  confirmPassword: 'confirm_password',
  role: 'role',
  region: 'location',
  orgName: 'org_name',
  orgAddress: 'address',
  addressDetail: 'address_detail',
  uscc: 'credit_code',
  enterpriseNature: 'enterprise_nature',
  nationalEconomy: 'industry',
};
