import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import type { ResourceProps } from 'react-admin';
import { EligibilityExceptionList } from './EligibilityExceptionList';

/** 申报主体例外 (工信部). */
export const eligibilityExceptions: ResourceProps = {
  name: 'eligibility-exceptions',
  list: EligibilityExceptionList,
  icon: VerifiedUserIcon,
  recordRepresentation: 'orgName',
};
