import { Badge, Box, IconButton, Tooltip, Typography } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutlined';
import { AppBar as RaAppBar, TitlePortal } from 'react-admin';
import { Link } from 'react-router-dom';
import { useTranslate } from 'ra-core';
import { useUnreadMessageCount } from '../messages/useUnreadMessageCount';

export function AppBar() {
  const translate = useTranslate();
  const unread = useUnreadMessageCount();
  return (
    <RaAppBar>
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
