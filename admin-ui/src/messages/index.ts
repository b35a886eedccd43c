import MailOutlineIcon from '@mui/icons-material/MailOutlined';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 站内信 */
export const messages: ResourceProps = {
  name: 'messages',
  list: lazyView(() => import('./MessageList'), 'MessageList'),
  show: lazyView(() => import('./MessageShow'), 'MessageShow'),
  icon: MailOutlineIcon,
  recordRepresentation: 'title',
};
