import BusinessIcon from '@mui/icons-material/Business';
import type { ResourceProps } from 'react-admin';
import { EnterpriseProfileEdit } from './EnterpriseProfileEdit';
import { EnterpriseProfileList } from './EnterpriseProfileList';

/** 企业信息 (keyed by year) */
export const enterpriseProfiles: ResourceProps = {
  name: 'enterprise-profiles',
  list: EnterpriseProfileList,
  edit: EnterpriseProfileEdit,
  icon: BusinessIcon,
  recordRepresentation: 'year',
};
