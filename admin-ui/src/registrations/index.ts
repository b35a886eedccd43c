import HowToRegIcon from '@mui/icons-material/HowToReg';
import type { ResourceProps } from 'react-admin';
import { RegistrationList } from './RegistrationList';

/** 注册审核 */
export const registrations: ResourceProps = {
  name: 'registrations',
  list: RegistrationList,
  icon: HowToRegIcon,
  recordRepresentation: 'orgName',
};
