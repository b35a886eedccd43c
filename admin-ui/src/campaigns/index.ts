import EventIcon from '@mui/icons-material/Event';
import type { ResourceProps } from 'react-admin';
import { CampaignCreate, CampaignEdit } from './CampaignEdit';
import { CampaignList } from './CampaignList';

/** 年度批次 (keyed by year) */
export const campaigns: ResourceProps = {
  name: 'campaigns',
  list: CampaignList,
  create: CampaignCreate,
  edit: CampaignEdit,
  icon: EventIcon,
  recordRepresentation: 'year',
};
