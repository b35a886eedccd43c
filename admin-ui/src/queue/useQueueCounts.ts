import { useQuery } from '@tanstack/react-query';
import { usePermissions } from 'ra-core';
import { isReviewingRole, type QueueCounts } from '../../../domain/queue';
import { apiRequest } from '../providers/http';

/**
 * GET /api/queue/counts for the menu badge, the tabs and the dashboard. Refreshed on navigation and window focus
 * (react-admin's refresh invalidates it too), not polled: polling would keep an idle session alive.
 */
export function useQueueCounts(): QueueCounts | undefined {
  const { permissions } = usePermissions();
  const { data } = useQuery({
    queryKey: ['queue', 'counts'],
    queryFn: () => apiRequest<QueueCounts>('/queue/counts'),
    enabled: isReviewingRole(permissions),
    staleTime: 15_000,
  });
  return data;
}
