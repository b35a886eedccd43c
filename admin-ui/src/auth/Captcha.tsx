import { useCallback, useEffect, useState } from 'react';
import { Box, CircularProgress, Typography } from '@mui/material';
import { useTranslate } from 'ra-core';
import { apiRequest } from '../providers/http';

export interface CaptchaChallenge {
  captchaId: string;
  svg: string;
  /** false when the server runs with CAPTCHA=off (development and tests): the page then does not ask for it. */
  required?: boolean;
}

/** Where the captcha stands: still loading, to be typed, switched off by the server, or unavailable. */
export type CaptchaState = 'loading' | 'required' | 'off' | 'failed';

export function captchaState({ challenge, failed }: { challenge: CaptchaChallenge | null; failed: boolean }): CaptchaState {
  if (challenge) return challenge.required === false ? 'off' : 'required';
  return failed ? 'failed' : 'loading';
}

/** GET /api/auth/captcha; `refresh` asks for a new image (after a failed login, or a click). */
export function useCaptcha() {
  const [challenge, setChallenge] = useState<CaptchaChallenge | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);
  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      setChallenge(await apiRequest<CaptchaChallenge>('/auth/captcha', { anonymous: true }));
      setFailed(false);
    } catch {
      setChallenge(null);
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { challenge, failed, loading, refresh };
}

/** The captcha image; click to get another. If the server cannot give one, says so and retries on click. */
export function CaptchaImage({ challenge, failed, loading, refresh }: ReturnType<typeof useCaptcha>) {
  const translate = useTranslate();
  const label = failed ? translate('app.login.captcha_unavailable') : translate('app.login.captcha_refresh');
  return (
    <Box
      role="button"
      tabIndex={0}
      title={label}
      aria-label={label}
      onClick={() => void refresh()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && void refresh()}
      sx={{
        width: 130,
        height: 48,
        flexShrink: 0,
        border: 1,
        borderColor: failed ? 'error.main' : 'divider',
        borderRadius: 1,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        cursor: 'pointer',
        overflow: 'hidden',
        bgcolor: 'background.paper',
      }}
    >
      {loading && !challenge ? (
        <CircularProgress size={20} />
      ) : challenge ? (
        <img
          alt={translate('app.login.captcha')}
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(challenge.svg)}`}
          style={{ width: '100%', height: '100%', objectFit: 'contain' }}
        />
      ) : (
        <Typography variant="caption" color="error" sx={{ px: 1, textAlign: 'center', lineHeight: 1.3 }}>
          {translate('app.login.captcha_unavailable')}
        </Typography>
      )}
    </Box>
  );
}
