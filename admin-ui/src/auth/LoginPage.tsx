/**
 * 登录 as in the platform's manual: 账号登录 (账号, 密码, 验证码 image) and 手机号登录 (手机号, 获取验证码, 短信验证码),
 * with 忘记密码? and 没有账号?去注册.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Link, Stack, Tab, Tabs, TextField } from '@mui/material';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useCheckAuth, useLogin, useNotify, useTranslate } from 'ra-core';
import { apiRequest } from '../providers/http';
import { AuthFrame } from './AuthFrame';
import { CaptchaImage, captchaState, useCaptcha } from './Captcha';

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
const SMS_RESEND_SECONDS = 60;

type Errors = Partial<Record<'username' | 'password' | 'captcha' | 'mobile' | 'smsCode', string>>;

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

function AccountLogin() {
  const translate = useTranslate();
  const login = useSignIn();
  const notify = useNotify();
  const captcha = useCaptcha();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [captchaText, setCaptchaText] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const state = captchaState(captcha);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!username.trim()) found.username = translate('app.login.required_username');
    if (!password) found.password = translate('app.login.required_password');
    // With no captcha image (server unreachable) let the server decide; with the captcha off there is nothing to type.
    if (state === 'required' && !captchaText.trim()) found.captcha = translate('app.login.required_captcha');
    setErrors(found);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    try {
      await login({
        username: username.trim(),
        password,
        captchaId: state === 'off' ? undefined : captcha.challenge?.captchaId,
        captcha: state === 'off' ? undefined : captchaText.trim(),
      });
    } catch (error) {
      notify(errorMessage(error, translate('app.login.server_unreachable')), { type: 'error' });
      setCaptchaText('');
      void captcha.refresh();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Box component="form" noValidate onSubmit={submit} data-captcha={state}>
      <Stack spacing={2}>
        <TextField
          label={translate('app.login.username')}
          placeholder={translate('app.login.username_placeholder')}
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={!!errors.username}
          helperText={errors.username}
        />
        <TextField
          label={translate('app.login.password')}
          placeholder={translate('app.login.password_placeholder')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={!!errors.password}
          helperText={errors.password}
        />
        {state !== 'off' && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              label={translate('app.login.captcha')}
              placeholder={translate('app.login.captcha_placeholder')}
              name="captcha"
              autoComplete="off"
              value={captchaText}
              onChange={(e) => setCaptchaText(e.target.value)}
              error={!!errors.captcha}
              helperText={errors.captcha}
              sx={{ flex: 1 }}
            />
            <CaptchaImage {...captcha} />
          </Stack>
        )}
        <Button type="submit" variant="contained" size="large" disabled={submitting}>
          {translate('app.login.submit')}
        </Button>
      </Stack>
    </Box>
  );
}

function MobileLogin() {
  const translate = useTranslate();
  const login = useSignIn();
  const notify = useNotify();
  const [mobile, setMobile] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [countdown, setCountdown] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const mobileError = () =>
    !mobile.trim()
      ? translate('app.login.required_mobile')
      : !MOBILE_PATTERN.test(mobile.trim())
        ? translate('app.login.invalid_mobile')
        : undefined;

  const sendCode = async () => {
    const problem = mobileError();
    setErrors({ mobile: problem });
    if (problem) return;
    try {
      await apiRequest('/auth/sms-code', { method: 'POST', anonymous: true, body: { mobile: mobile.trim() } });
      notify('app.login.sms_sent', { type: 'info' });
      setCountdown(SMS_RESEND_SECONDS);
    } catch (error) {
      notify(errorMessage(error, translate('app.login.server_unreachable')), { type: 'error' });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = { mobile: mobileError() };
    if (!smsCode.trim()) found.smsCode = translate('app.login.required_sms_code');
    setErrors(found);
    if (found.mobile || found.smsCode) return;
    setSubmitting(true);
    try {
      await login({ mobile: mobile.trim(), smsCode: smsCode.trim() });
    } catch (error) {
      notify(errorMessage(error, translate('app.login.server_unreachable')), { type: 'error' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Box component="form" noValidate onSubmit={submit}>
      <Stack spacing={2}>
        <TextField
          label={translate('app.login.mobile')}
          placeholder={translate('app.login.mobile_placeholder')}
          name="mobile"
          type="tel"
          autoComplete="tel"
          required
          value={mobile}
          onChange={(e) => setMobile(e.target.value)}
          error={!!errors.mobile}
          helperText={errors.mobile}
        />
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField
            label={translate('app.login.sms_code')}
            placeholder={translate('app.login.sms_code_placeholder')}
            name="smsCode"
            autoComplete="one-time-code"
            required
            value={smsCode}
            onChange={(e) => setSmsCode(e.target.value)}
            error={!!errors.smsCode}
            helperText={errors.smsCode}
            sx={{ flex: 1 }}
          />
          <Button variant="outlined" onClick={sendCode} disabled={countdown > 0} sx={{ height: 56, minWidth: 130 }}>
            {countdown > 0 ? translate('app.login.resend_sms', { seconds: countdown }) : translate('app.login.send_sms')}
          </Button>
        </Stack>
        <Button type="submit" variant="contained" size="large" disabled={submitting}>
          {translate('app.login.submit')}
        </Button>
      </Stack>
    </Box>
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
