import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 待我处理: the list of GET /api/queue; a row opens the project (/api/projects/:id) inside the queue. Loaded on use. */
export const queue: ResourceProps = {
  name: 'queue',
  list: lazyView(() => import('./QueueList'), 'QueueList'),
  show: lazyView(() => import('../projects/ProjectShow'), 'ProjectShow'),
  icon: AssignmentIndIcon,
  recordRepresentation: 'name',
};
