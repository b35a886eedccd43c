import { useEffect } from 'react';
import { Show, SimpleShowLayout, TextField } from 'react-admin';
import { BeijingDateField } from '../components/beijingTime';
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
        <BeijingDateField source="createdAt" />
        <TextField source="body" component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }} />
      </SimpleShowLayout>
    </Show>
  );
}
