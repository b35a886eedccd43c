/**
 * The year's published 5G工厂名录, public (no sign-in): the published years (GET /api/directory/years), newest
 * first, and the chosen year's entries (GET /api/directory?year=). On a phone the title, the year and 登录平台 stack
 * and each entry is a card; from 600 px a table.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router-dom';
import { useTranslate, type HttpError } from 'ra-core';
import { apiRequest } from '../providers/http';
import { usePhone } from '../components/responsive';

export interface DirectoryEntry {
  id: string | number;
  enterpriseName: string;
  projectName: string;
  /** e.g. 广东省广州市 */
  region: string;
  industry: string;
  isCase?: boolean;
}

export interface Directory {
  year: number;
  publishedAt?: string;
  data: DirectoryEntry[];
}

interface PublishedYear {
  year: number;
  publishedAt: string;
  listed: number;
}

function Entries({ entries }: { entries: DirectoryEntry[] }) {
  const translate = useTranslate();
  const phone = usePhone();
  const caseChip = (entry: DirectoryEntry) => (entry.isCase ? <Chip size="small" color="success" variant="outlined" label={translate('app.directory.case')} sx={{ ml: 1 }} /> : null);
  if (phone) {
    return (
      <Stack spacing={1} component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="directory-entries">
        {entries.map((entry, index) => (
          <Paper component="li" key={entry.id} sx={{ p: 2 }}>
            <Typography component="div" sx={{ fontWeight: 600 }}>
              {index + 1}. {entry.projectName}
              {caseChip(entry)}
            </Typography>
            <Typography variant="body2">{entry.enterpriseName}</Typography>
            <Typography variant="body2" color="text.secondary">
              {entry.region} · {entry.industry}
            </Typography>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Paper>
      <Table size="small" data-testid="directory-entries">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{translate('app.directory.enterprise')}</TableCell>
            <TableCell>{translate('app.directory.project')}</TableCell>
            <TableCell>{translate('app.directory.region')}</TableCell>
            <TableCell>{translate('app.directory.industry')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry, index) => (
            <TableRow key={entry.id}>
              <TableCell>{index + 1}</TableCell>
              <TableCell>{entry.enterpriseName}</TableCell>
              <TableCell>
                {entry.projectName}
                {caseChip(entry)}
              </TableCell>
              <TableCell>{entry.region}</TableCell>
              <TableCell>{entry.industry}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

export function DirectoryPage() {
  const translate = useTranslate();
  const published = useQuery<PublishedYear[], HttpError>({
    queryKey: ['directory', 'years'],
    queryFn: () => apiRequest<{ data: PublishedYear[] }>('/directory/years', { anonymous: true }).then((r) => r.data),
    retry: false,
  });
  const years = published.data?.map((y) => y.year) ?? [];
  const [chosen, setChosen] = useState<number>();
  const year = chosen ?? years[0];
  // Only published years are asked for: an unpublished year is not an error to show (nor one in the browser's log).
  const directory = useQuery<Directory, HttpError>({
    queryKey: ['directory', year],
    queryFn: () => apiRequest<Directory>('/directory', { anonymous: true, query: new URLSearchParams({ year: String(year) }) }),
    enabled: year !== undefined,
    retry: false,
  });
  const failed = published.error ?? directory.error;

  return (
    <Box sx={{ maxWidth: 1100, mx: 'auto', p: { xs: 2, sm: 3 } }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { xs: 'stretch', sm: 'center' }, mb: 3 }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          {translate('app.directory.title')}
        </Typography>
        {years.length > 0 && (
          <TextField
            select
            size="small"
            label={translate('app.directory.year')}
            value={year}
            onChange={(e) => setChosen(Number(e.target.value))}
            fullWidth={false}
            sx={{ width: { xs: '100%', sm: 140 }, flexShrink: 0 }}
          >
            {years.map((y) => (
              <MenuItem key={y} value={y}>
                {y}
              </MenuItem>
            ))}
          </TextField>
        )}
        <Button component={RouterLink} to="/login" variant="outlined" sx={{ flexShrink: 0 }}>
          {translate('app.directory.login')}
        </Button>
      </Stack>
      {failed ? (
        <Alert severity="warning">{translate('app.directory.load_failed')}</Alert>
      ) : published.isPending || (year !== undefined && directory.isPending) ? (
        <CircularProgress />
      ) : year === undefined ? (
        <Alert severity="info">{translate('app.directory.none_published')}</Alert>
      ) : !directory.data?.data.length ? (
        <Alert severity="info">{translate('app.directory.empty', { year })}</Alert>
      ) : (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('app.directory.count', { year, count: directory.data.data.length })}
          </Typography>
          <Entries entries={directory.data.data} />
        </>
      )}
    </Box>
  );
}
