import HowToRegIcon from '@mui/icons-material/HowToReg';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 注册审核 */
export const registrations: ResourceProps = {
  name: 'registrations',
  list: lazyView(() => import('./RegistrationList'), 'RegistrationList'),
  icon: HowToRegIcon,
  recordRepresentation: 'orgName',
};
