import FactoryIcon from '@mui/icons-material/Factory';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 5G工厂: the list, 查看, and the declaration form (新增 and edit, one section at a time). */
export const projects: ResourceProps = {
  name: 'projects',
  list: lazyView(() => import('./ProjectList'), 'ProjectList'),
  show: lazyView(() => import('./ProjectShow'), 'ProjectShow'),
  edit: lazyView(() => import('./ProjectEdit'), 'ProjectEdit'),
  create: lazyView(() => import('./ProjectEdit'), 'ProjectCreate'),
  icon: FactoryIcon,
  recordRepresentation: 'name',
};
