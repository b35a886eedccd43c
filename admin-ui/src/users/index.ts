import PeopleIcon from '@mui/icons-material/People';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 用户管理 */
export const users: ResourceProps = {
  name: 'users',
  list: lazyView(() => import('./UserList'), 'UserList'),
  create: lazyView(() => import('./UserCreate'), 'UserCreate'),
  icon: PeopleIcon,
  recordRepresentation: 'username',
};
