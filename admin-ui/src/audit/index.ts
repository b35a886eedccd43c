import HistoryIcon from '@mui/icons-material/History';
import type { ResourceProps } from 'react-admin';
import { AuditList } from './AuditList';

/** 审计日志 */
export const audit: ResourceProps = { name: 'audit', list: AuditList, icon: HistoryIcon };
