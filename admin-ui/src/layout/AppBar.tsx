import { forwardRef } from 'react';
import { Badge, Box, IconButton, ListItemIcon, ListItemText, MenuItem, Tooltip, Typography } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutlined';
import LockResetIcon from '@mui/icons-material/LockReset';
import { AppBar as RaAppBar, Logout, TitlePortal, UserMenu, useUserMenu } from 'react-admin';
import { Link } from 'react-router-dom';
import { useTranslate } from 'ra-core';
import { useUnreadMessageCount } from '../messages/useUnreadMessageCount';
import { CHANGE_PASSWORD_PATH } from '../providers/authProvider';

/** 修改密码 in the user menu: anyone may change their own password at any time (not only when it is temporary). */
const ChangePasswordItem = forwardRef<HTMLAnchorElement>(function ChangePasswordItem(props, ref) {
  const translate = useTranslate();
  const menu = useUserMenu();
  return (
    <MenuItem ref={ref} component={Link} to={CHANGE_PASSWORD_PATH} onClick={() => menu?.onClose()} {...props}>
      <ListItemIcon>
        <LockResetIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('app.change_password.title')}</ListItemText>
    </MenuItem>
  );
});

export function AppBar() {
  const translate = useTranslate();
  const unread = useUnreadMessageCount();
  return (
    <RaAppBar
      userMenu={
        <UserMenu>
          <ChangePasswordItem />
          <Logout />
        </UserMenu>
      }
    >
      <Typography variant="h6" component="span" noWrap sx={{ mr: 2, fontWeight: 600, display: { xs: 'none', md: 'block' } }}>
        {translate('app.title')}
      </Typography>
      <TitlePortal variant="subtitle1" />
      <Box sx={{ flex: 1 }} />
      <Tooltip title={translate('app.unread', { count: unread })}>
        <IconButton color="inherit" component={Link} to="/messages" aria-label={translate('app.unread', { count: unread })}>
          <Badge badgeContent={unread} color="error" max={99}>
            <MailOutlineIcon />
          </Badge>
        </IconButton>
      </Tooltip>
    </RaAppBar>
  );
}
