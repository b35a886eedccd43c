import type { ReactNode } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { useTranslate } from 'ra-core';

/** The full-page frame of the pages outside the layout: sign-in, registration, password change. */
export function AuthFrame({ title, width = 440, children }: { title: string; width?: number; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'flex-start',
        background: 'linear-gradient(160deg, #0b3d91 0%, #1565c0 45%, #e3f2fd 100%)',
        py: 6,
        px: 2,
      }}
    >
      <Typography variant="h5" component="h1" sx={{ color: '#fff', fontWeight: 600, mb: 3, textAlign: 'center' }}>
        {translate('app.title')}
      </Typography>
      <Card sx={{ width: '100%', maxWidth: width }}>
        <CardContent sx={{ p: 3 }}>
          <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
            {title}
          </Typography>
          {children}
        </CardContent>
      </Card>
    </Box>
  );
}
