import BusinessIcon from '@mui/icons-material/Business';
import type { ResourceProps } from 'react-admin';
import { EnterpriseProfileList } from './EnterpriseProfileList';

/** 企业信息 (keyed by year) */
export const enterpriseProfiles: ResourceProps = {
  name: 'enterprise-profiles',
  list: EnterpriseProfileList,
  icon: BusinessIcon,
  recordRepresentation: 'year',
};
