/**
 * 认领 in a row of 待我处理 and on 查看 (issue 11.2): 认领 when nobody holds the item, 取消认领 when I do, the holder's
 * name otherwise. Never a lock: the project's own action buttons stay where they are for everyone.
 */
import { useState } from 'react';
import { Button, Chip, Stack } from '@mui/material';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'ra-core';
import { useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../providers/http';

export interface Claim {
  userId: string;
  name: string;
  mine: boolean;
}

export function ClaimButton({ claim: given }: { claim?: Claim | null }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const claim: Claim | null = given !== undefined ? given : (record.claim ?? null);
  /** `message` is an i18n key (notify translates it). */
  const send = (method: 'POST' | 'DELETE', message: string) => {
    setBusy(true);
    apiRequest(`/projects/${encodeURIComponent(String(record.id))}/claim`, { method })
      .then(() => {
        notify(message, { type: 'success' });
        void queryClient.invalidateQueries({ queryKey: ['queue', 'counts'] });
        refresh();
      })
      .catch((error: Error) => notify(error.message, { type: 'error' }))
      .finally(() => setBusy(false));
  };
  if (claim && !claim.mine) return <Chip size="small" variant="outlined" label={translate('app.queue.held_by', { name: claim.name })} />;
  return claim?.mine ? (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
      <Chip size="small" color="primary" label={translate('app.queue.mine')} />
      <Button size="small" color="inherit" disabled={busy} onClick={(e) => { e.stopPropagation(); send('DELETE', 'app.queue.released'); }}>
        {translate('app.queue.release')}
      </Button>
    </Stack>
  ) : (
    <Button size="small" variant="outlined" disabled={busy} onClick={(e) => { e.stopPropagation(); send('POST', 'app.queue.claimed'); }}>
      {translate('app.queue.claim')}
    </Button>
  );
}
