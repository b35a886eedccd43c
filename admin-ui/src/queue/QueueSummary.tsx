/** 首页's 待我处理 counts (issue 11.1): each a link into the queue with that view. */
import { Box, Card, CardActionArea, CardContent, Typography } from '@mui/material';
import { useStore, useTranslate } from 'ra-core';
import { useNavigate } from 'react-router-dom';
import { useQueueCounts } from './useQueueCounts';

const TILES = [
  { key: 'all', filter: { scope: 'all' } },
  { key: 'overdue', filter: { scope: 'all', overdue: true } },
  { key: 'mine', filter: { scope: 'mine' } },
  { key: 'unclaimed', filter: { scope: 'unclaimed' } },
] as const;

export function QueueSummary() {
  const counts = useQueueCounts();
  const translate = useTranslate();
  const navigate = useNavigate();
  const [params, setParams] = useStore<Record<string, unknown>>('queue.listParams', {});
  if (!counts) return null;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' }, gap: 2, mb: 2 }} data-testid="queue-summary">
      {TILES.map((tile) => (
        <Card key={tile.key} variant="outlined">
          <CardActionArea
            onClick={() => {
              setParams({ ...params, filter: tile.filter, page: 1 });
              navigate('/queue');
            }}
          >
            <CardContent>
              <Typography variant="body2" color="text.secondary">
                {translate(`app.queue.tile_${tile.key}`)}
              </Typography>
              <Typography variant="h4" color={tile.key === 'overdue' && counts.overdue > 0 ? 'error' : undefined} data-testid={`queue-count-${tile.key}`}>
                {counts[tile.key]}
              </Typography>
            </CardContent>
          </CardActionArea>
        </Card>
      ))}
    </Box>
  );
}
