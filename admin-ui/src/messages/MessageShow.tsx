import { useEffect } from 'react';
import { DateField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useRecordContext } from 'ra-core';
import type { AppDataProvider } from '../providers/dataProvider';

/** Opening a message marks it read (POST /api/messages/:id/read) and refreshes the unread badge. */
function MarkRead() {
  const record = useRecordContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!record || record.read) return;
    dataProvider
      .action('messages', record.id, 'read')
      .then(() => queryClient.invalidateQueries({ queryKey: ['messages'] }))
      .catch(() => undefined);
  }, [record, dataProvider, queryClient]);
  return null;
}

export function MessageShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <MarkRead />
        <TextField source="title" />
        <DateField source="createdAt" showTime locales="zh-CN" />
        <TextField source="body" component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }} />
      </SimpleShowLayout>
    </Show>
  );
}
