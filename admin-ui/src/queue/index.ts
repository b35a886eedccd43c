import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import type { ResourceProps } from 'react-admin';
import { ProjectShow } from '../projects/ProjectShow';
import { QueueList } from './QueueList';

/** 待我处理: the list of GET /api/queue; a row opens the project (/api/projects/:id) inside the queue. */
export const queue: ResourceProps = {
  name: 'queue',
  list: QueueList,
  show: ProjectShow,
  icon: AssignmentIndIcon,
  recordRepresentation: 'name',
};
