/**
 * The one-time temporary password of a new or reset account (issue 13.5): shown once, in a dialog that names the
 * account, with 复制; the user must change it at the first sign-in.
 */
import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useTranslate } from 'ra-core';

export interface TemporaryPassword {
  /** What the dialog calls the account: 张三（zhangsan）. */
  account: string;
  password: string;
  /** A sentence below the password (e.g. an administrator account waits for the security administrator). */
  note?: string;
}

export function TemporaryPasswordDialog({ value, title, onClose }: { value: TemporaryPassword | null; title: string; onClose: () => void }) {
  const translate = useTranslate();
  const [copied, setCopied] = useState(false);
  const close = () => {
    setCopied(false);
    onClose();
  };
  const copy = async () => {
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value.password);
      setCopied(true);
    } catch {
      // No clipboard (an insecure page): the password stays selected for Ctrl+C.
      const text = document.getElementById('temporary-password');
      if (text) window.getSelection()?.selectAllChildren(text);
    }
  };
  return (
    <Dialog open={!!value} onClose={close} fullWidth maxWidth="xs" aria-labelledby="temporary-password-title">
      <DialogTitle id="temporary-password-title">{value ? translate(title, { account: value.account }) : ''}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('resources.users.password_dialog.intro')}</DialogContentText>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, my: 2 }}>
          <Typography id="temporary-password" data-testid="temporary-password" sx={{ fontFamily: 'monospace', fontSize: 22, letterSpacing: 1, userSelect: 'all' }}>
            {value?.password}
          </Typography>
          <Button size="small" variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => void copy()}>
            {translate(copied ? 'resources.users.password_dialog.copied' : 'resources.users.password_dialog.copy')}
          </Button>
        </Box>
        <DialogContentText variant="body2">{translate('resources.users.password_dialog.once')}</DialogContentText>
        {value?.note && (
          <DialogContentText variant="body2" sx={{ mt: 1 }} color="warning.main">
            {value.note}
          </DialogContentText>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={close}>
          {translate('resources.users.password_dialog.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
