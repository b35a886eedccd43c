import HistoryIcon from '@mui/icons-material/History';
import type { ResourceProps } from 'react-admin';
import { lazyView } from '../components/lazyView';

/** 审计日志 */
export const audit: ResourceProps = { name: 'audit', list: lazyView(() => import('./AuditList'), 'AuditList'), icon: HistoryIcon };
