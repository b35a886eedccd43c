/**
 * 批量操作 from the monitor (issue 13.2): the rows ticked by hand or everything the monitor's filter selects, then
 * 重试 / 终止（须填原因）/ 重建投影 / 重发截止时间. POST /api/admin/batches answers at once with the batch; its page
 * shows the progress. A react-admin <Form>, so the reason is required on the spot for 终止.
 */
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { Form, FormDataConsumer, RadioButtonGroupInput, SaveButton, TextInput, required } from 'react-admin';
import { useNotify, useRedirect, useTranslate } from 'ra-core';
import { BATCH_OPERATIONS, BATCH_OPERATION_LABELS, type StuckFilter } from '../../../domain/stuck';
import { apiRequest } from '../providers/http';

export type BatchSelection = { workflowIds: string[] } | { filter: StuckFilter };

export const BATCHES_PATH = '/batches';

const OPERATION_CHOICES = BATCH_OPERATIONS.map((id) => ({ id, name: BATCH_OPERATION_LABELS[id] }));

export function StartBatchDialog({ open, onClose, selection, subject }: { open: boolean; onClose: () => void; selection: BatchSelection; subject: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const mutation = useMutation({
    mutationFn: (values: { operation: string; reason?: string }) =>
      apiRequest<{ id: string }>('/admin/batches', { method: 'POST', body: { operation: values.operation, reason: values.reason?.trim() || undefined, ...selection } }),
    onSuccess: (batch: { id: string }, values: { operation: string; reason?: string }) => {
      onClose();
      notify('resources.batches.messages.started', { type: 'success', messageArgs: { operation: BATCH_OPERATION_LABELS[values.operation as keyof typeof BATCH_OPERATION_LABELS], subject } });
      redirect(`${BATCHES_PATH}/${batch.id}`);
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
      <Form onSubmit={(values: Record<string, unknown>) => mutation.mutate(values as { operation: string; reason?: string })} defaultValues={{ operation: 'retry' }}>
        <DialogTitle>{translate('resources.batches.start_title', { subject })}</DialogTitle>
        <DialogContent>
          <DialogContentText variant="body2">{translate('resources.batches.messages.start_hint')}</DialogContentText>
          <RadioButtonGroupInput source="operation" label="resources.batches.fields.operation" choices={OPERATION_CHOICES} validate={required()} />
          <FormDataConsumer>
            {({ formData }: { formData: Record<string, unknown> }) => (
              <TextInput
                source="reason"
                label="resources.batches.fields.reason"
                multiline
                minRows={2}
                fullWidth
                helperText={formData.operation === 'terminate' ? 'resources.batches.messages.terminate_warning' : false}
                validate={formData.operation === 'terminate' ? required('resources.batches.messages.reason_required') : undefined}
              />
            )}
          </FormDataConsumer>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('app.action.cancel')}</Button>
          <SaveButton label="resources.batches.actions.start" icon={<></>} disabled={mutation.isPending} alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
