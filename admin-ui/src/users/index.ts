import PeopleIcon from '@mui/icons-material/People';
import type { ResourceProps } from 'react-admin';
import { UserCreate } from './UserCreate';
import { UserList } from './UserList';

/** 用户管理 */
export const users: ResourceProps = {
  name: 'users',
  list: UserList,
  create: UserCreate,
  icon: PeopleIcon,
  recordRepresentation: 'username',
};
