/**
 * 登录 as in the platform's manual: 账号登录 (账号, 密码, 验证码 image) and 手机号登录 (手机号, 获取验证码, 短信验证码),
 * with 忘记密码? and 没有账号?去注册.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Box, Button, Link, Stack, Tab, Tabs, TextField, type TextFieldProps } from '@mui/material';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useCheckAuth, useLogin, useNotify, useTranslate } from 'ra-core';
import { apiRequest } from '../providers/http';
import { AuthFrame } from './AuthFrame';
import { CaptchaImage, captchaState, useCaptcha } from './Captcha';

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
const SMS_RESEND_SECONDS = 60;

type Field = 'username' | 'password' | 'captcha' | 'mobile' | 'smsCode';
type Errors = Partial<Record<Field, string>>;
/** The app.login.* key of a field's label (its placeholder is <key>_placeholder). */
const I18N: Record<Field, string> = { username: 'username', password: 'password', captcha: 'captcha', mobile: 'mobile', smsCode: 'sms_code' };

function errorMessage(error: unknown, fallback: string): string {
  return typeof (error as Error)?.message === 'string' && (error as Error).message ? (error as Error).message : fallback;
}

/**
 * react-admin's login, after forgetting what the previous user's screens cached: the identity in the app bar (kept
 * 5 minutes by react-admin) and every list or record. Permissions stay: react-admin refreshes them after login.
 */
function useSignIn(): ReturnType<typeof useLogin> {
  const login = useLogin();
  const queryClient = useQueryClient();
  return useCallback(
    (params, pathName) => {
      queryClient.removeQueries({ predicate: (query) => !(query.queryKey[0] === 'auth' && query.queryKey[1] === 'getPermissions') });
      return login(params, pathName);
    },
    [login, queryClient],
  );
}

/** A field of a login form: label and placeholder from app.login.*, its message under it. */
function LoginField({
  i18n,
  error,
  onValue,
  ...props
}: { i18n: string; error?: string; onValue: (value: string) => void } & Omit<TextFieldProps, 'error' | 'helperText' | 'onChange'>) {
  const translate = useTranslate();
  return (
    <TextField
      label={translate(`app.login.${i18n}`)}
      placeholder={translate(`app.login.${i18n}_placeholder`)}
      onChange={(e) => onValue(e.target.value)}
      error={!!error}
      helperText={error}
      {...props}
    />
  );
}

/**
 * A login form's values and messages (`field(name)` binds a LoginField) and its sign-in: a refusal (or no server)
 * becomes a toast with the server's message, then `onRefused`.
 */
function useLoginForm<F extends Field>(initial: Record<F, string>) {
  const translate = useTranslate();
  const login = useSignIn();
  const notify = useNotify();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);

  const field = (name: F) => ({
    name,
    i18n: I18N[name],
    value: values[name],
    onValue: (value: string) => setValues((was) => ({ ...was, [name]: value })),
    error: errors[name],
  });

  const attempt = async (params: Record<string, unknown>, onRefused?: () => void) => {
    setSubmitting(true);
    try {
      await login(params);
    } catch (error) {
      notify(errorMessage(error, translate('app.login.server_unreachable')), { type: 'error' });
      onRefused?.();
    } finally {
      setSubmitting(false);
    }
  };

  return { values, setValues, field, errors, setErrors, attempt, submitting };
}

function LoginForm({ onSubmit, submitting, children, ...data }: { onSubmit: () => void; submitting: boolean; children: ReactNode; 'data-captcha'?: string }) {
  const translate = useTranslate();
  return (
    <Box
      component="form"
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
      {...data}
    >
      <Stack spacing={2}>
        {children}
        <Button type="submit" variant="contained" size="large" disabled={submitting}>
          {translate('app.login.submit')}
        </Button>
      </Stack>
    </Box>
  );
}

function AccountLogin() {
  const translate = useTranslate();
  const captcha = useCaptcha();
  const { values, setValues, field, setErrors, attempt, submitting } = useLoginForm({ username: '', password: '', captcha: '' });
  const state = captchaState(captcha);

  const submit = () => {
    const found: Errors = {};
    if (!values.username.trim()) found.username = translate('app.login.required_username');
    if (!values.password) found.password = translate('app.login.required_password');
    // With no captcha image (server unreachable) let the server decide; with the captcha off there is nothing to type.
    if (state === 'required' && !values.captcha.trim()) found.captcha = translate('app.login.required_captcha');
    setErrors(found);
    if (Object.keys(found).length) return;
    void attempt(
      {
        username: values.username.trim(),
        password: values.password,
        captchaId: state === 'off' ? undefined : captcha.challenge?.captchaId,
        captcha: state === 'off' ? undefined : values.captcha.trim(),
      },
      () => {
        setValues((was) => ({ ...was, captcha: '' }));
        void captcha.refresh();
      },
    );
  };

  return (
    <LoginForm onSubmit={submit} submitting={submitting} data-captcha={state}>
      <LoginField {...field('username')} autoComplete="username" required autoFocus />
      <LoginField {...field('password')} type="password" autoComplete="current-password" required />
      {state !== 'off' && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <LoginField {...field('captcha')} autoComplete="off" sx={{ flex: 1 }} />
          <CaptchaImage {...captcha} />
        </Stack>
      )}
    </LoginForm>
  );
}

function MobileLogin() {
  const translate = useTranslate();
  const notify = useNotify();
  const [countdown, setCountdown] = useState(0);
  const { values, field, setErrors, attempt, submitting } = useLoginForm({ mobile: '', smsCode: '' });
  const mobile = values.mobile.trim();

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const mobileError = () =>
    !mobile
      ? translate('app.login.required_mobile')
      : !MOBILE_PATTERN.test(mobile)
        ? translate('app.login.invalid_mobile')
        : undefined;

  const sendCode = async () => {
    const problem = mobileError();
    setErrors({ mobile: problem });
    if (problem) return;
    try {
      await apiRequest('/auth/sms-code', { method: 'POST', anonymous: true, body: { mobile } });
      notify('app.login.sms_sent', { type: 'info' });
      setCountdown(SMS_RESEND_SECONDS);
    } catch (error) {
      notify(errorMessage(error, translate('app.login.server_unreachable')), { type: 'error' });
    }
  };

  const submit = () => {
    const found: Errors = { mobile: mobileError() };
    if (!values.smsCode.trim()) found.smsCode = translate('app.login.required_sms_code');
    setErrors(found);
    if (found.mobile || found.smsCode) return;
    void attempt({ mobile, smsCode: values.smsCode.trim() });
  };

  return (
    <LoginForm onSubmit={submit} submitting={submitting}>
      <LoginField {...field('mobile')} type="tel" autoComplete="tel" required />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <LoginField {...field('smsCode')} autoComplete="one-time-code" required sx={{ flex: 1 }} />
        <Button variant="outlined" onClick={sendCode} disabled={countdown > 0} sx={{ height: 56, minWidth: 130 }}>
          {countdown > 0 ? translate('app.login.resend_sms', { seconds: countdown }) : translate('app.login.send_sms')}
        </Button>
      </Stack>
    </LoginForm>
  );
}

export function LoginPage() {
  const translate = useTranslate();
  const checkAuth = useCheckAuth();
  const navigate = useNavigate();
  const [tab, setTab] = useState<'account' | 'mobile'>('account');
  const [showForgot, setShowForgot] = useState(false);

  // Someone already signed in who lands here goes straight in.
  useEffect(() => {
    checkAuth({}, false)
      .then(() => navigate('/'))
      .catch(() => undefined);
  }, [checkAuth, navigate]);

  return (
    <AuthFrame title={translate('app.login.title')}>
      <Tabs value={tab} onChange={(_, value) => setTab(value)} variant="fullWidth" sx={{ mb: 2 }}>
        <Tab value="account" label={translate('app.login.tab_account')} />
        <Tab value="mobile" label={translate('app.login.tab_mobile')} />
      </Tabs>
      {tab === 'account' ? <AccountLogin /> : <MobileLogin />}
      <Stack direction="row" sx={{ justifyContent: 'space-between', mt: 2 }}>
        <Link component="button" type="button" variant="body2" onClick={() => setShowForgot((v) => !v)}>
          {translate('app.login.forgot_password')}
        </Link>
        <Link component={RouterLink} to="/register" variant="body2">
          {translate('app.login.register')}
        </Link>
      </Stack>
      {showForgot && (
        <Alert severity="info" sx={{ mt: 2 }} onClose={() => setShowForgot(false)}>
          {translate('app.login.forgot_password_help')}
        </Alert>
      )}
      <Box sx={{ mt: 2, textAlign: 'center' }}>
        <Link component={RouterLink} to="/directory" variant="body2">
          {translate('app.menu.directory')}
        </Link>
      </Box>
    </AuthFrame>
  );
}
