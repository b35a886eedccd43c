/**
 * A button for a workflow or admin action (推荐, 取消推荐, 申请撤回, 通过/驳回注册, 重置密码…):
 * POST /api/<resource>/:id/<action> through dataProvider.action. Pessimistic by construction: nothing changes
 * on screen until the server has accepted, and a refusal shows the server's own message.
 */
import { useRef, useState, type ReactElement } from 'react';
import {
  Button,
  DialogContentText,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import {
  useDataProvider,
  useGetRecordRepresentation,
  useNotify,
  useRecordContext,
  useRefresh,
  useResourceContext,
  useTranslate,
  type RaRecord,
} from 'ra-core';
import type { AppDataProvider } from '../providers/dataProvider';
import { newIdempotencyKey } from '../providers/idempotency';
import { FormDialog } from './FormDialog';

/** A value the dialog asks for besides the reason (评分, 核验结果, 评审决定…), sent under `name`. */
export interface DialogField {
  name: string;
  /** i18n key (or text) of the field's label. */
  label: string;
  kind: 'text' | 'longtext' | 'number' | 'choice' | 'multi';
  /** For choice/multi: value → i18n key (or text) of the label. Values 'true'/'false' are sent as booleans. */
  options?: { value: string; label: string }[];
  required?: boolean;
  min?: number;
  max?: number;
}

/** A choice the dialog requires: its options as value → i18n key of the label, in order. */
export function requiredChoice(name: string, label: string, options: Record<string, string>): DialogField {
  return { name, label, kind: 'choice', required: true, options: Object.entries(options).map(([value, optionLabel]) => ({ value, label: optionLabel })) };
}

export interface ActionButtonProps {
  /** The last path segment: 'recommend', 'withdrawal/approve', 'reset-password'… */
  action: string;
  /** i18n key of the button text. */
  label: string;
  /** Ask for a reason (原因) in a dialog and send it as `reason`. */
  withReason?: boolean;
  /** Ask for confirmation in a dialog even without a reason. */
  confirm?: boolean;
  /** More values asked for in the dialog. */
  fields?: DialogField[];
  /** A sentence shown in the dialog (what the action does). */
  description?: string;
  /** The path after /:id/ when it is not `action` (e.g. objections/<id>/resolve). */
  path?: string;
  /** More of the body, from the record (e.g. the formVersion the regulator looked at). */
  body?: (record: RaRecord) => Record<string, unknown>;
  /**
   * i18n key of the success notification, given the server's answer and `action` (the button's text) and `subject`
   * (what it was done to) as variables; by default "已推荐：<项目名称>".
   */
  successMessage?: string;
  /** What the action is done to, named in the dialog and the notification; the resource's record representation by default. */
  subject?: (record: RaRecord) => string;
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
  fields = [],
  description,
  path,
  successMessage = 'app.action.done',
  subject: subjectOf,
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
  const representation = useGetRecordRepresentation(resource);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  // The dialog and the notification say what is done to what: "推荐：广州天河精密电子5G全连接工厂", "已推荐：…".
  const actionText = translate(label);
  const named = record ? (subjectOf ? subjectOf(record) : representation(record)) : '';
  const subject = typeof named === 'string' && named.trim() ? named : translate('app.action.untitled');

  // One key per intended action: a 503 (the server busy or restarting) keeps it, so 确定 again cannot apply the action
  // twice; any definite answer ends it.
  const idempotencyKey = useRef<string | undefined>(undefined);
  const mutation = useMutation({
    mutationFn: (extra: Record<string, unknown>) =>
      dataProvider.action(resource!, record!.id, path ?? action, { ...(record && body ? body(record) : {}), ...extra }, (idempotencyKey.current ??= newIdempotencyKey())),
    onSettled: (_data, error) => {
      if ((error as { status?: number } | null)?.status !== 503) idempotencyKey.current = undefined;
    },
    onSuccess: ({ data }) => {
      setOpen(false);
      setReason('');
      setValues({});
      notify(successMessage, { type: 'success', messageArgs: { ...((data ?? {}) as Record<string, unknown>), action: actionText, subject } });
      onSuccess?.(data);
      refresh();
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });

  if (!record || !resource) return null;

  const run = () => {
    const extra: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const field of fields) {
      const value = values[field.name];
      const blank = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
      if (blank) {
        if (field.required) errors[field.name] = translate('app.action.field_required', { field: translate(field.label, { _: field.label }) });
        continue;
      }
      if (field.kind === 'number') {
        const number = Number(value);
        if (!Number.isFinite(number)) errors[field.name] = translate('app.action.field_number', { field: translate(field.label, { _: field.label }) });
        extra[field.name] = number;
      } else extra[field.name] = value === 'true' ? true : value === 'false' ? false : value;
    }
    setFieldErrors(errors);
    if (withReason && !reason.trim()) setReasonError(translate('app.action.reason_required'));
    if (Object.keys(errors).length || (withReason && !reason.trim())) return;
    mutation.mutate(withReason ? { ...extra, reason: reason.trim() } : extra);
  };
  const setValue = (name: string, value: unknown) => {
    setValues((v) => ({ ...v, [name]: value }));
    setFieldErrors((e) => ({ ...e, [name]: '' }));
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
          if (withReason || confirm || fields.length) setOpen(true);
          else run();
        }}
      >
        {translate(label)}
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="xs"
        title={translate('app.action.dialog_title', { action: actionText, subject })}
        hint={description && translate(description, { _: description })}
        submit={{ label: translate('app.action.confirm'), onSubmit: run, disabled: mutation.isPending }}
      >
        {fields.map((field) => {
          const label = translate(field.label, { _: field.label });
          const error = fieldErrors[field.name];
          if (field.kind === 'choice' && field.options && field.options.length <= 3) {
            return (
              <FormControl key={field.name} error={!!error} required={field.required} sx={{ display: 'block', mt: 1 }}>
                <FormLabel>{label}</FormLabel>
                <RadioGroup row value={values[field.name] ?? ''} onChange={(e) => setValue(field.name, e.target.value)}>
                  {field.options.map((o) => (
                    <FormControlLabel key={o.value} value={o.value} control={<Radio />} label={translate(o.label, { _: o.label })} />
                  ))}
                </RadioGroup>
                {error && <FormHelperText>{error}</FormHelperText>}
              </FormControl>
            );
          }
          return (
            <TextField
              key={field.name}
              select={field.kind === 'choice' || field.kind === 'multi'}
              multiline={field.kind === 'longtext'}
              minRows={field.kind === 'longtext' ? 3 : undefined}
              type={field.kind === 'number' ? 'number' : 'text'}
              fullWidth
              margin="dense"
              required={field.required}
              label={label}
              value={values[field.name] ?? (field.kind === 'multi' ? [] : '')}
              onChange={(e) => setValue(field.name, e.target.value)}
              error={!!error}
              helperText={error || undefined}
              slotProps={{
                htmlInput: field.kind === 'number' ? { min: field.min, max: field.max } : undefined,
                select: field.kind === 'multi' ? { multiple: true } : undefined,
              }}
            >
              {(field.options ?? []).map((o) => (
                <MenuItem key={o.value} value={o.value}>
                  {translate(o.label, { _: o.label })}
                </MenuItem>
              ))}
            </TextField>
          );
        })}
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
        ) : fields.length ? null : (
          <DialogContentText>{translate('app.action.confirm_question', { action: actionText, subject })}</DialogContentText>
        )}
      </FormDialog>
    </>
  );
}
