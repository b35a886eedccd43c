/** The title of a part of a page or a form (推荐情况, 时间节点, 经办人, a form's 小节…): bold, over a divider. */
import type { ReactNode } from 'react';
import { Box, Divider, Typography, type SxProps, type Theme } from '@mui/material';

export function SectionHeading({ title, sx }: { title: ReactNode; sx?: SxProps<Theme> }) {
  return (
    <Box sx={sx}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      <Divider sx={{ mb: 1 }} />
    </Box>
  );
}
