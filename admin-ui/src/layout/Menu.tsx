import { Badge } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutlined';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { Menu as RaMenu } from 'react-admin';
import { usePermissions, useResourceDefinitions, useTranslate } from 'ra-core';
import { hasDashboard } from '../dashboard/stats';
import { hasWorkflowMonitor, WORKFLOW_MONITOR_PATH } from '../permissions';
import { useUnreadMessageCount } from '../messages/useUnreadMessageCount';
import { useQueueCounts } from '../queue/useQueueCounts';

/** 首页 (statistics) for the ministry and regulators, the resources the role was given (see permissions.ts), 站内信 with its unread count, and the public 名录. */
export function Menu() {
  const translate = useTranslate();
  const resources = useResourceDefinitions();
  const unread = useUnreadMessageCount();
  const queueCounts = useQueueCounts();
  const { permissions } = usePermissions();
  return (
    <RaMenu>
      {hasDashboard(permissions) && <RaMenu.DashboardItem />}
      {resources.queue && (
        <RaMenu.Item
          to="/queue"
          primaryText={translate('app.queue.title')}
          data-testid="menu-queue"
          leftIcon={
            <Badge badgeContent={queueCounts?.all ?? 0} color={queueCounts?.overdue ? 'error' : 'primary'} max={999}>
              <AssignmentIndIcon />
            </Badge>
          }
        />
      )}
      {Object.keys(resources)
        .filter((name) => resources[name].hasList && name !== 'messages' && name !== 'queue')
        .map((name) => (
          <RaMenu.ResourceItem key={name} name={name} />
        ))}
      {hasWorkflowMonitor(permissions) && (
        <RaMenu.Item to={WORKFLOW_MONITOR_PATH} primaryText={translate('resources.workflows.name')} leftIcon={<MonitorHeartIcon />} />
      )}
      {resources.messages && (
        <RaMenu.Item
          to="/messages"
          primaryText={translate('resources.messages.name', { smart_count: 2 })}
          leftIcon={
            <Badge badgeContent={unread} color="error" max={99}>
              <MailOutlineIcon />
            </Badge>
          }
        />
      )}
      <RaMenu.Item to="/directory" primaryText={translate('app.menu.directory')} leftIcon={<MenuBookIcon />} />
    </RaMenu>
  );
}
