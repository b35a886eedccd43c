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
  MenuItem,
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
import { useReferenceTree } from '../components/referenceTrees';
import { apiRequest, type ApiErrorDetails } from '../providers/http';
import { AuthFrame } from './AuthFrame';
import { MOBILE_PATTERN } from './LoginPage';

/** Body of POST /api/auth/register (the API's schema decides; this is what the UI sends). */
export interface RegistrationRequest {
  displayName: string;
  username: string;
  mobile: string;
  email: string;
  password: string;
  role: 'enterprise' | 'operator';
  /** 所属地: the province and city whose authorities the account belongs to (GB/T 2260). */
  provinceCode: string;
  cityCode?: string;
  orgName: string;
  /** 单位地址 */
  address: { provinceCode: string; cityCode?: string; districtCode?: string; detail: string };
  /** 组织机构代码: the 18-character 统一社会信用代码 */
  creditCode: string;
  enterpriseNature: EnterpriseNature;
  /** 国民经济分类: the chosen GB/T 4754-2017 code (the deepest level chosen) */
  industryCode: string;
}

export const ENTERPRISE_NATURES = ['state_owned', 'private', 'foreign', 'joint_venture', 'other'] as const;
export type EnterpriseNature = (typeof ENTERPRISE_NATURES)[number];

interface AccountStep {
  displayName: string;
  username: string;
  mobile: string;
  email: string;
  password: string;
  confirmPassword: string;
}
interface EnterpriseStep {
  role: 'enterprise' | 'operator';
  location: string[];
  orgName: string;
  address: string[];
  addressDetail: string;
  creditCode: string;
  enterpriseNature: EnterpriseNature | '';
  industry: string[];
}
type Field = keyof AccountStep | keyof EnterpriseStep;
type Errors = Partial<Record<Field, string>>;

const ACCOUNT_FIELDS: (keyof AccountStep)[] = ['displayName', 'username', 'mobile', 'email', 'password', 'confirmPassword'];
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where a server path lands in this form. */
export function fieldOfServerPath(path: string): Field | undefined {
  if (path === 'provinceCode' || path === 'cityCode') return 'location';
  if (path === 'address.detail') return 'addressDetail';
  if (path.startsWith('address')) return 'address';
  if (path === 'industryCode') return 'industry';
  const known: Field[] = [...ACCOUNT_FIELDS, 'role', 'orgName', 'creditCode', 'enterpriseNature'];
  return known.find((f) => f === path);
}

export function toRegistrationRequest(account: AccountStep, enterprise: EnterpriseStep): RegistrationRequest {
  const [provinceCode, cityCode] = enterprise.location;
  const [addressProvince, addressCity, addressDistrict] = enterprise.address;
  return {
    displayName: account.displayName.trim(),
    username: account.username.trim(),
    mobile: account.mobile.trim(),
    email: account.email.trim(),
    password: account.password,
    role: enterprise.role,
    provinceCode,
    cityCode,
    orgName: enterprise.orgName.trim(),
    address: {
      provinceCode: addressProvince,
      cityCode: addressCity,
      districtCode: addressDistrict,
      detail: enterprise.addressDetail.trim(),
    },
    creditCode: enterprise.creditCode.trim().toUpperCase(),
    enterpriseNature: enterprise.enterpriseNature as EnterpriseNature,
    industryCode: enterprise.industry[enterprise.industry.length - 1],
  };
}

function Row({ children }: { children: ReactNode }) {
  return <Box sx={{ mb: 2 }}>{children}</Box>;
}

export function RegisterPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const regions = useReferenceTree('regions');
  const industries = useReferenceTree('industries');
  const [step, setStep] = useState(0);
  const [account, setAccount] = useState<AccountStep>({
    displayName: '',
    username: '',
    mobile: '',
    email: '',
    password: '',
    confirmPassword: '',
  });
  const [enterprise, setEnterprise] = useState<EnterpriseStep>({
    role: 'enterprise',
    location: [],
    orgName: '',
    address: [],
    addressDetail: '',
    creditCode: '',
    enterpriseNature: '',
    industry: [],
  });
  const [errors, setErrors] = useState<Errors>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const label = (field: Field) => translate(`app.register.${field === 'location' ? 'location' : snake(field)}`);
  const required = (field: Field) => translate('app.register.required', { field: label(field) });
  const requiredSelect = (field: Field) => translate('app.register.required_select', { field: label(field) });

  const checkAccount = (): Errors => {
    const found: Errors = {};
    for (const field of ACCOUNT_FIELDS) if (!account[field].trim()) found[field] = required(field);
    if (!found.mobile && !MOBILE_PATTERN.test(account.mobile.trim())) found.mobile = translate('app.register.invalid_mobile');
    if (!found.email && !EMAIL_PATTERN.test(account.email.trim())) found.email = translate('app.register.invalid_email');
    if (!found.confirmPassword && account.confirmPassword !== account.password) {
      found.confirmPassword = translate('app.register.password_mismatch');
    }
    return found;
  };

  const checkEnterprise = (): Errors => {
    const found: Errors = {};
    for (const field of ['orgName', 'addressDetail', 'creditCode'] as const) {
      if (!enterprise[field].trim()) found[field] = required(field);
    }
    for (const field of ['location', 'address', 'industry'] as const) {
      if (!enterprise[field].length) found[field] = requiredSelect(field);
    }
    if (!enterprise.enterpriseNature) found.enterpriseNature = requiredSelect('enterpriseNature');
    return found;
  };

  const next = () => {
    const found = checkAccount();
    setErrors(found);
    if (!Object.keys(found).length) setStep(1);
  };

  const submit = async () => {
    const found = checkEnterprise();
    setErrors(found);
    setServerMessage(undefined);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    try {
      await apiRequest('/auth/register', {
        method: 'POST',
        anonymous: true,
        body: toRegistrationRequest(account, enterprise),
      });
      setStep(2);
    } catch (error) {
      const body = (error as HttpError).body as ApiErrorDetails | undefined;
      const fieldErrors: Errors = {};
      let unplaced = false;
      for (const [path, message] of Object.entries(body?.errors ?? {})) {
        if (path === 'root') continue;
        const field = fieldOfServerPath(path);
        if (field) fieldErrors[field] ??= String(message);
        else unplaced = true;
      }
      setErrors(fieldErrors);
      // Field messages sit by their fields; anything else (账号已存在, a taken 组织机构代码…) on top.
      if (unplaced || !Object.keys(fieldErrors).length) setServerMessage((error as Error).message);
      if (ACCOUNT_FIELDS.some((f) => fieldErrors[f])) setStep(0);
    } finally {
      setSubmitting(false);
    }
  };

  const text = <S extends AccountStep | EnterpriseStep>(
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
          {text(account, setAccount, 'displayName', { autoComplete: 'name' })}
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
                value={enterprise.role}
                onChange={(e) => setEnterprise({ ...enterprise, role: e.target.value as EnterpriseStep['role'] })}
              >
                <FormControlLabel value="enterprise" control={<Radio />} label={translate('app.register.role_enterprise')} />
                <FormControlLabel value="operator" control={<Radio />} label={translate('app.register.role_operator')} />
              </RadioGroup>
              {errors.role && <FormHelperText>{errors.role}</FormHelperText>}
            </FormControl>
          </Row>
          <Row>
            <Cascader
              name="location"
              label={label('location')}
              required
              options={regions.data ?? []}
              loading={regions.isPending}
              maxDepth={2}
              value={enterprise.location}
              onChange={(codes) => setEnterprise({ ...enterprise, location: codes })}
              error={!!errors.location || regions.isError}
              helperText={errors.location ?? (regions.isError ? translate('app.cascader.load_failed') : undefined)}
            />
          </Row>
          {text(enterprise, setEnterprise, 'orgName', { autoComplete: 'organization' })}
          <Row>
            <Cascader
              name="address"
              label={label('address')}
              required
              options={regions.data ?? []}
              loading={regions.isPending}
              value={enterprise.address}
              onChange={(codes) => setEnterprise({ ...enterprise, address: codes })}
              error={!!errors.address || regions.isError}
              helperText={errors.address ?? (regions.isError ? translate('app.cascader.load_failed') : undefined)}
            />
          </Row>
          {text(enterprise, setEnterprise, 'addressDetail', { autoComplete: 'street-address' })}
          {text(enterprise, setEnterprise, 'creditCode', { helperText: translate('app.register.credit_code_hint') })}
          <Row>
            <TextField
              select
              fullWidth
              required
              name="enterpriseNature"
              label={label('enterpriseNature')}
              value={enterprise.enterpriseNature}
              onChange={(e) => setEnterprise({ ...enterprise, enterpriseNature: e.target.value as EnterpriseNature })}
              error={!!errors.enterpriseNature}
              helperText={errors.enterpriseNature}
            >
              {ENTERPRISE_NATURES.map((nature) => (
                <MenuItem key={nature} value={nature}>
                  {translate(`app.register.nature.${nature}`)}
                </MenuItem>
              ))}
            </TextField>
          </Row>
          <Row>
            <Cascader
              name="industry"
              label={label('industry')}
              required
              options={industries.data ?? []}
              loading={industries.isPending}
              value={enterprise.industry}
              onChange={(codes) => setEnterprise({ ...enterprise, industry: codes })}
              error={!!errors.industry || industries.isError}
              helperText={errors.industry ?? (industries.isError ? translate('app.cascader.load_failed') : undefined)}
            />
          </Row>
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

/** displayName → display_name, the form of the i18n keys. */
function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
