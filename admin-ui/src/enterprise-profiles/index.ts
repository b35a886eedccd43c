import BusinessIcon from '@mui/icons-material/Business';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 企业信息 (keyed by year) */
export const enterpriseProfiles: ResourceProps = {
  name: 'enterprise-profiles',
  list: lazyView(() => import('./EnterpriseProfileList'), 'EnterpriseProfileList'),
  edit: lazyView(() => import('./EnterpriseProfileEdit'), 'EnterpriseProfileEdit'),
  icon: BusinessIcon,
  recordRepresentation: 'year',
};
