/**
 * The frame of every small action dialog (推荐, 重新打开, 保存当前筛选, 导入旧平台项目…): a title that names the action
 * and what it is done to, an optional hint, the dialog's fields, then 取消 and the main button. The content is a form,
 * so Enter in a one-line field presses the main button. Clicks inside do not reach what is behind the dialog (a
 * list row that would open the record).
 */
import type { ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, type ButtonProps } from '@mui/material';
import { useTranslate } from 'ra-core';

export interface FormDialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** A sentence under the title: what the action does. */
  hint?: ReactNode;
  /** The main button; without it only the close button shows. */
  submit?: { label: string; onSubmit: () => void; disabled?: boolean; color?: ButtonProps['color'] };
  /** More buttons between 取消 and the main one (导入's 检查). */
  actions?: ReactNode;
  /** The close button's text (default 取消). */
  cancelLabel?: string;
  maxWidth?: 'xs' | 'sm' | 'md';
  children?: ReactNode;
}

export function FormDialog({ open, onClose, title, hint, submit, actions, cancelLabel, maxWidth = 'sm', children }: FormDialogProps) {
  const translate = useTranslate();
  return (
    <Dialog open={open} onClose={onClose} onClick={(e) => e.stopPropagation()} fullWidth maxWidth={maxWidth}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (submit && !submit.disabled) submit.onSubmit();
        }}
      >
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          {hint && (
            <DialogContentText variant="body2" sx={{ mb: 2 }}>
              {hint}
            </DialogContentText>
          )}
          {children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{cancelLabel ?? translate('app.action.cancel')}</Button>
          {actions}
          {submit && (
            <Button type="submit" variant="contained" color={submit.color} disabled={submit.disabled}>
              {submit.label}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
