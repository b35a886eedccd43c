import FactoryIcon from '@mui/icons-material/Factory';
import type { ResourceProps } from 'react-admin';
import { ProjectList } from './ProjectList';
import { ProjectShow } from './ProjectShow';

/** 5G工厂 */
export const projects: ResourceProps = {
  name: 'projects',
  list: ProjectList,
  show: ProjectShow,
  icon: FactoryIcon,
  recordRepresentation: 'name',
};
