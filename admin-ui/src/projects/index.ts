import FactoryIcon from '@mui/icons-material/Factory';
import type { ResourceProps } from 'react-admin';
import { ProjectEdit } from './ProjectEdit';
import { ProjectList } from './ProjectList';
import { ProjectShow } from './ProjectShow';

/** 5G工厂: the list, 查看, and the declaration form (edit, one section at a time). */
export const projects: ResourceProps = {
  name: 'projects',
  list: ProjectList,
  show: ProjectShow,
  edit: ProjectEdit,
  icon: FactoryIcon,
  recordRepresentation: 'name',
};
