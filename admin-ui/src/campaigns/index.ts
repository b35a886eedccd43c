import EventIcon from '@mui/icons-material/Event';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 年度批次 (keyed by year) */
export const campaigns: ResourceProps = {
  name: 'campaigns',
  list: lazyView(() => import('./CampaignList'), 'CampaignList'),
  create: lazyView(() => import('./CampaignEdit'), 'CampaignCreate'),
  edit: lazyView(() => import('./CampaignEdit'), 'CampaignEdit'),
  icon: EventIcon,
  recordRepresentation: 'year',
};
