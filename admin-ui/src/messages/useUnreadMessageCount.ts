import { useGetList, usePermissions } from 'ra-core';

/** Unread 站内信: GET /api/messages?unread=true&page=1&perPage=1 → total. Refreshed on navigation and window focus, not polled (polling would keep an idle session alive). */
export function useUnreadMessageCount(): number {
  const { permissions } = usePermissions();
  const { total } = useGetList(
    'messages',
    { filter: { unread: true }, pagination: { page: 1, perPage: 1 } },
    { enabled: !!permissions, staleTime: 30_000 },
  );
  return total ?? 0;
}
