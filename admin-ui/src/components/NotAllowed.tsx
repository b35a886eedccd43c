/**
 * 无权查看: what a project the user may not see looks like. The API answers 404 alike for a project that does not
 * exist and for one outside the user's reach (so nobody can probe which ids exist), and so does this page.
 */
import { Box, Button, Typography } from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import { useTranslate, type HttpError } from 'ra-core';
import { Link } from 'react-router-dom';

/** 404 and 403 from the API: the project is not the user's to see. */
export function isNotAllowed(error: unknown): boolean {
  const status = (error as HttpError | null | undefined)?.status;
  return status === 404 || status === 403;
}

export function NotAllowed({ backTo = '/projects' }: { backTo?: string }) {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center' }} data-testid="not-allowed" role="alert">
      <BlockIcon color="disabled" sx={{ fontSize: 56 }} />
      <Typography variant="h5" component="h1" sx={{ mt: 1 }}>
        {translate('app.not_allowed.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mt: 1, mb: 3 }}>
        {translate('app.not_allowed.message')}
      </Typography>
      <Button component={Link} to={backTo} variant="contained">
        {translate('app.not_allowed.back')}
      </Button>
    </Box>
  );
}
