/**
 * 修改密码: where a temporary or imported password (SPEC §5) sends the user, and where anyone may change theirs.
 * The server applies the password rules; its field messages are shown by the fields.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Stack, TextField } from '@mui/material';
import { useNavigate } from 'react-router-dom';
import { useAuthenticated, useLogout, useNotify, useTranslate, type HttpError } from 'ra-core';
import { changePasswordSchema } from '../../../domain/accounts/registration';
import { zodFieldErrors } from '../components/zodErrors';
import { changePassword } from '../providers/authProvider';
import type { ApiErrorDetails } from '../providers/http';
import { session } from '../providers/session';
import { AuthFrame } from './AuthFrame';

type Field = 'oldPassword' | 'newPassword' | 'confirmPassword';
const LABELS: Record<Field, string> = {
  oldPassword: 'app.change_password.old_password',
  newPassword: 'app.change_password.new_password',
  confirmPassword: 'app.change_password.confirm_password',
};

export function ChangePasswordPage() {
  useAuthenticated();
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const logout = useLogout();
  const [values, setValues] = useState<Record<Field, string>>({ oldPassword: '', newPassword: '', confirmPassword: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const forced = session.getUser()?.mustChangePassword === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The API's own schema: the same password rules and messages before the round trip.
    const found: Partial<Record<Field, string>> = zodFieldErrors(changePasswordSchema, values);
    setErrors(found);
    setServerMessage(undefined);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    try {
      await changePassword(values);
      notify('app.change_password.success', { type: 'success' });
      navigate('/');
    } catch (error) {
      const serverErrors = ((error as HttpError).body as ApiErrorDetails | undefined)?.errors ?? {};
      const placed: Partial<Record<Field, string>> = {};
      for (const field of Object.keys(LABELS) as Field[]) {
        if (typeof serverErrors[field] === 'string') placed[field] = serverErrors[field] as string;
      }
      setErrors(placed);
      if (!Object.keys(placed).length) setServerMessage((error as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthFrame title={translate('app.change_password.title')}>
      {forced && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('app.change_password.required_notice')}
        </Alert>
      )}
      {serverMessage && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {serverMessage}
        </Alert>
      )}
      <Box component="form" noValidate onSubmit={submit}>
        <Stack spacing={2}>
          {(Object.keys(LABELS) as Field[]).map((field) => (
            <TextField
              key={field}
              name={field}
              type="password"
              required
              label={translate(LABELS[field])}
              autoComplete={field === 'oldPassword' ? 'current-password' : 'new-password'}
              value={values[field]}
              onChange={(e) => setValues({ ...values, [field]: e.target.value })}
              error={!!errors[field]}
              helperText={errors[field] ?? (field === 'newPassword' ? translate('app.register.password_hint') : undefined)}
            />
          ))}
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'flex-end' }}>
            <Button variant="outlined" onClick={() => logout()}>
              {translate('ra.auth.logout')}
            </Button>
            <Button type="submit" variant="contained" disabled={submitting}>
              {translate('app.change_password.submit')}
            </Button>
          </Stack>
        </Stack>
      </Box>
    </AuthFrame>
  );
}
