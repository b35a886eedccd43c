/**
 * 用户管理 (issue 13.5): every account with its 状态 (正常 / 已停用 / 已锁定 / 待审核 / 待改密), searched and filtered;
 * 启用 / 停用 / 解锁 / 重置密码 per row, each shown only to the role the API lets through (domain/accountAdmin.ts,
 * 三员分立): the system administrator for ordinary accounts, the security administrator for administrator accounts
 * and for unlocking. Every dialog and notification names the account.
 */
import { useState } from 'react';
import { Chip, Stack } from '@mui/material';
import { CreateButton, Datagrid, FunctionField, List, SelectInput, SimpleList, TextField, TextInput, TopToolbar, WrapperField } from 'react-admin';
import { useGetIdentity, usePermissions, useRecordContext, useTranslate, type RaRecord } from 'ra-core';
import { ROLES, type Role } from '../../../domain/roles';
import { ACCOUNT_CONDITION_LABELS, accountActions, accountCondition, mayCreateAccounts, type AccountCondition, type AccountState } from '../../../domain/accountAdmin';
import { ActionButton } from '../components/ActionButton';
import { ListPagination } from '../components/ListPagination';
import { BeijingDateField, chinaTime } from '../components/beijingTime';
import { FoldedFields, usePhone, useWide } from '../components/responsive';
import { TemporaryPasswordDialog, type TemporaryPassword } from './TemporaryPasswordDialog';

export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `roles.${role}` }));
const STATUS_CHOICES = [
  { id: 'active', name: 'resources.users.status.active' },
  { id: 'disabled', name: 'resources.users.status.disabled' },
  { id: 'locked', name: 'resources.users.status.locked' },
  { id: 'pending', name: 'resources.users.status.pending' },
  { id: 'rejected', name: 'resources.users.status.rejected' },
];
const CONDITION_COLOR: Record<AccountCondition, 'success' | 'error' | 'default' | 'warning' | 'info'> = {
  normal: 'success',
  locked: 'error',
  disabled: 'default',
  rejected: 'default',
  pending: 'info',
  mustChange: 'warning',
};

/** 张三（zhangsan）: how dialogs and notifications name an account. */
export const accountName = (record: RaRecord) => (record.name && record.name !== record.username ? `${record.name}（${record.username}）` : String(record.username));

export function StatusChip() {
  const record = useRecordContext<RaRecord & AccountState>();
  if (!record) return null;
  const condition = accountCondition(record);
  return <Chip size="small" variant={condition === 'normal' ? 'outlined' : 'filled'} color={CONDITION_COLOR[condition]} label={ACCOUNT_CONDITION_LABELS[condition]} data-testid="user-status" />;
}

function ResetPasswordButton() {
  const record = useRecordContext();
  const [shown, setShown] = useState<TemporaryPassword | null>(null);
  if (!record) return null;
  return (
    <>
      <ActionButton
        action="reset-password"
        label="resources.users.actions.reset_password"
        description="resources.users.messages.reset_password_warning"
        confirm
        subject={accountName}
        successMessage="resources.users.messages.reset_password_done"
        onSuccess={(data) => setShown({ account: accountName(record), password: String((data as { temporaryPassword?: string }).temporaryPassword ?? '') })}
      />
      <TemporaryPasswordDialog value={shown} title="resources.users.password_dialog.reset_title" onClose={() => setShown(null)} />
    </>
  );
}

/** The row's buttons: only those the signed-in role may use on this account. */
function UserActions() {
  const record = useRecordContext<RaRecord & AccountState>();
  const { permissions } = usePermissions<Role>();
  const { identity } = useGetIdentity();
  if (!record || !permissions || !identity) return null;
  const can = accountActions({ userId: String(identity.id), role: permissions }, record);
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap' }}>
      {can.unlock && (
        <ActionButton action="unlock" label="resources.users.actions.unlock" confirm description="resources.users.messages.unlock_warning" subject={accountName} successMessage="resources.users.messages.unlocked" />
      )}
      {can.enable && (
        <ActionButton action="enable" label="resources.users.actions.enable" confirm subject={accountName} successMessage="resources.users.messages.enabled" />
      )}
      {can.disable && (
        <ActionButton
          action="disable"
          label="resources.users.actions.disable"
          confirm
          color="error"
          description="resources.users.messages.disable_warning"
          subject={accountName}
          successMessage="resources.users.messages.disabled"
        />
      )}
      {can.resetPassword && <ResetPasswordButton />}
    </Stack>
  );
}

export function UserList() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  const wide = useWide();
  const phone = usePhone();
  const roleText = (r: RaRecord) => translate(`roles.${r.role}`, { _: r.role });
  return (
    <List
      filters={[
        <TextInput key="q" source="q" label="resources.users.fields.q" alwaysOn />,
        <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />,
        <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
      ]}
      actions={<TopToolbar>{mayCreateAccounts(permissions) && <CreateButton />}</TopToolbar>}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={20}
      pagination={<ListPagination />}
      exporter={false}
    >
      {phone ? (
        <SimpleList
          primaryText={accountName}
          secondaryText={(r) => `${roleText(r)} · ${r.orgName ?? ''}`}
          tertiaryText={(r) => ACCOUNT_CONDITION_LABELS[accountCondition(r as RaRecord & AccountState)]}
          rowClick={false}
        />
      ) : (
        <Datagrid
          bulkActionButtons={false}
          rowClick={false}
          expand={
            wide ? undefined : (
              <FoldedFields
                fields={[
                  { source: 'mobile' },
                  { source: 'email' },
                  { source: 'lastLoginAt', render: (r) => chinaTime(r.lastLoginAt) },
                  { source: 'lockedUntil', render: (r) => chinaTime(r.lockedUntil) },
                  { source: 'createdAt', render: (r) => chinaTime(r.createdAt) },
                ]}
              />
            )
          }
        >
          <TextField source="username" />
          <TextField source="name" />
          <FunctionField source="role" render={roleText} />
          <TextField source="orgName" />
          <WrapperField source="status" sortable={false}>
            <StatusChip />
          </WrapperField>
          {wide && <TextField source="mobile" />}
          {wide && <BeijingDateField source="lastLoginAt" />}
          {wide && <BeijingDateField source="createdAt" />}
          <WrapperField label="resources.users.fields.actions">
            <UserActions />
          </WrapperField>
        </Datagrid>
      )}
    </List>
  );
}
