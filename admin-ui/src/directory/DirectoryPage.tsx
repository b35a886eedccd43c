/**
 * The year's published 5G工厂名录, public (no sign-in): GET /api/directory?year=.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
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

export interface DirectoryEntry {
  id: string | number;
  enterpriseName: string;
  projectName: string;
  /** e.g. 广东省广州市 */
  region: string;
  industry: string;
}

export interface Directory {
  year: number;
  publishedAt?: string;
  data: DirectoryEntry[];
}

const FIRST_YEAR = 2023;

export function DirectoryPage() {
  const translate = useTranslate();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  const [year, setYear] = useState(thisYear);
  const { data, isPending, error } = useQuery<Directory, HttpError>({
    queryKey: ['directory', year],
    queryFn: () => apiRequest<Directory>('/directory', { anonymous: true, query: new URLSearchParams({ year: String(year) }) }),
    retry: false,
  });

  return (
    <Box sx={{ maxWidth: 1100, mx: 'auto', p: 3 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 3 }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          {translate('app.directory.title')}
        </Typography>
        <TextField
          select
          size="small"
          label={translate('app.directory.year')}
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
          fullWidth={false}
          sx={{ width: 140, flexShrink: 0 }}
        >
          {years.map((y) => (
            <MenuItem key={y} value={y}>
              {y}
            </MenuItem>
          ))}
        </TextField>
        <Button component={RouterLink} to="/login" variant="outlined" sx={{ flexShrink: 0 }}>
          {translate('app.directory.login')}
        </Button>
      </Stack>
      {isPending ? (
        <CircularProgress />
      ) : error ? (
        <Alert severity={error.status === 404 ? 'info' : 'warning'}>
          {error.status === 404 ? translate('app.directory.empty', { year }) : translate('app.directory.load_failed')}
        </Alert>
      ) : !data.data.length ? (
        <Alert severity="info">{translate('app.directory.empty', { year })}</Alert>
      ) : (
        <Paper>
          <Table size="small">
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
              {data.data.map((entry, index) => (
                <TableRow key={entry.id}>
                  <TableCell>{index + 1}</TableCell>
                  <TableCell>{entry.enterpriseName}</TableCell>
                  <TableCell>{entry.projectName}</TableCell>
                  <TableCell>{entry.region}</TableCell>
                  <TableCell>{entry.industry}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Box>
  );
}
