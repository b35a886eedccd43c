/**
 * A button for a workflow or admin action (推荐, 取消推荐, 申请撤回, 通过/驳回注册, 重置密码…):
 * POST /api/<resource>/:id/<action> through dataProvider.action. Pessimistic by construction: nothing changes
 * on screen until the server has accepted, and a refusal shows the server's own message.
 */
import { useState, type ReactElement } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import {
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useResourceContext,
  useTranslate,
  type RaRecord,
} from 'ra-core';
import type { AppDataProvider } from '../providers/dataProvider';

export interface ActionButtonProps {
  /** The last path segment: 'recommend', 'withdrawal/approve', 'reset-password'… */
  action: string;
  /** i18n key of the button text. */
  label: string;
  /** Ask for a reason (原因) in a dialog and send it as `reason`. */
  withReason?: boolean;
  /** Ask for confirmation in a dialog even without a reason. */
  confirm?: boolean;
  /** More of the body, from the record (e.g. the formVersion the regulator looked at). */
  body?: (record: RaRecord) => Record<string, unknown>;
  /** i18n key of the success notification (default 操作成功), given the server's answer as variables. */
  successMessage?: string;
  onSuccess?: (data: unknown) => void;
  resource?: string;
  icon?: ReactElement;
  variant?: 'text' | 'outlined' | 'contained';
  color?: 'primary' | 'secondary' | 'error' | 'success' | 'warning' | 'inherit';
}

export function ActionButton({
  action,
  label,
  withReason,
  confirm,
  body,
  successMessage = 'app.action.done',
  onSuccess,
  resource: resourceProp,
  icon,
  variant = 'text',
  color = 'primary',
}: ActionButtonProps) {
  const record = useRecordContext();
  const resource = useResourceContext({ resource: resourceProp });
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();

  const mutation = useMutation({
    mutationFn: (extra: Record<string, unknown>) =>
      dataProvider.action(resource!, record!.id, action, { ...(record && body ? body(record) : {}), ...extra }),
    onSuccess: ({ data }) => {
      setOpen(false);
      setReason('');
      notify(successMessage, { type: 'success', messageArgs: (data ?? {}) as Record<string, unknown> });
      onSuccess?.(data);
      refresh();
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });

  if (!record || !resource) return null;

  const run = () => {
    if (withReason) {
      if (!reason.trim()) return setReasonError(translate('app.action.reason_required'));
      mutation.mutate({ reason: reason.trim() });
    } else {
      mutation.mutate({});
    }
  };

  return (
    <>
      <Button
        size="small"
        variant={variant}
        color={color}
        startIcon={icon}
        disabled={mutation.isPending}
        onClick={(e) => {
          e.stopPropagation();
          if (withReason || confirm) setOpen(true);
          else run();
        }}
      >
        {translate(label)}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} onClick={(e) => e.stopPropagation()} fullWidth maxWidth="xs">
        <DialogTitle>{translate(label)}</DialogTitle>
        <DialogContent>
          {withReason ? (
            <TextField
              autoFocus
              multiline
              minRows={3}
              fullWidth
              required
              margin="dense"
              label={translate('app.action.reason')}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonError(undefined);
              }}
              error={!!reasonError}
              helperText={reasonError}
            />
          ) : (
            translate('ra.message.are_you_sure')
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('app.action.cancel')}</Button>
          <Button variant="contained" onClick={run} disabled={mutation.isPending}>
            {translate('app.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
