import MailOutlineIcon from '@mui/icons-material/MailOutlined';
import type { ResourceProps } from 'react-admin';
import { MessageList } from './MessageList';
import { MessageShow } from './MessageShow';

/** 站内信 */
export const messages: ResourceProps = {
  name: 'messages',
  list: MessageList,
  show: MessageShow,
  icon: MailOutlineIcon,
  recordRepresentation: 'title',
};
