/**
 * The published 年度5G工厂名录, public (no sign-in): GET /api/directory/years for the years, GET /api/directory?year=
 * &province=&industry=&q= for one year's list with the counts per province and industry, /api/directory/export for the
 * same list as .xlsx. The filters live in the address (#/directory?year=2025&province=440000), so a search can be
 * shared and survives a reload. A table on wide screens, one card per project on a phone.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  InputAdornment,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import SearchIcon from '@mui/icons-material/Search';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { useTranslate, type HttpError } from 'ra-core';
import { API_ROOT, apiRequest } from '../providers/http';
import { beijingDate } from '../../../domain/time';
import { SimpleTable, type SimpleColumn } from '../components/SimpleTable';

export interface DirectoryEntry {
  id: string;
  enterpriseName: string;
  projectName: string;
  provinceCode: string;
  provinceName: string;
  /** e.g. 广东省广州市天河区 */
  region: string;
  industry: string;
  level: string;
  isCase: boolean;
}

interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface Directory {
  year: number;
  publishedAt: string;
  total: number;
  data: DirectoryEntry[];
  facets: { provinces: Facet[]; industries: Facet[] };
}

interface PublishedYear {
  year: number;
  publishedAt: string;
  /** Projects in the year's directory. */
  listed: number;
}

const FILTERS = ['province', 'industry', 'q'] as const;

export function DirectoryPage() {
  const translate = useTranslate();
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const [params, setParams] = useSearchParams();
  const years = useQuery<{ data: PublishedYear[] }, HttpError>({
    queryKey: ['directory-years'],
    queryFn: () => apiRequest('/directory/years', { anonymous: true }),
  });
  const year = Number(params.get('year')) || years.data?.data[0]?.year;
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const query = new URLSearchParams({ year: String(year ?? '') });
  for (const key of FILTERS) if (filters[key]) query.set(key, filters[key]);
  const { data, isPending, isFetching, error } = useQuery<Directory, HttpError>({
    queryKey: ['directory', query.toString()],
    queryFn: () => apiRequest('/directory', { anonymous: true, query }),
    enabled: year !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const setFilter = (key: 'year' | (typeof FILTERS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'year') for (const f of ['province', 'industry']) next.delete(f); // another year has other facets
    setParams(next, { replace: true });
  };
  const clearFilters = () => setParams(year ? { year: String(year) } : {}, { replace: true });
  const filtered = FILTERS.some((key) => filters[key]);

  // The name search waits for a pause in typing before it asks the server.
  const [text, setText] = useState(filters.q);
  useEffect(() => {
    if (filters.q !== text.trim()) setText(filters.q); // cleared by a chip or "清除筛选", or the address changed
  }, [filters.q]);
  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = setTimeout(() => setFilter('q', text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  let body: ReactNode;
  if (years.isPending || (year !== undefined && isPending)) body = <CircularProgress sx={{ display: 'block', mx: 'auto', my: 4 }} />;
  else if (years.error) body = <Alert severity="warning">{translate('app.directory.load_failed')}</Alert>;
  else if (year === undefined) body = <Alert severity="info">{translate('app.directory.none_published')}</Alert>;
  else if (error) {
    body = <Alert severity={error.status === 404 ? 'info' : 'warning'}>{error.status === 404 ? translate('app.directory.empty', { year }) : error.message || translate('app.directory.load_failed')}</Alert>;
  } else if (!data?.data.length) {
    body = (
      <Alert severity="info" action={filtered ? <Button onClick={clearFilters}>{translate('app.directory.clear')}</Button> : undefined}>
        {translate('app.directory.no_match')}
      </Alert>
    );
  } else body = phone ? <DirectoryCards entries={data.data} /> : <DirectoryTable entries={data.data} />;

  return (
    <Box sx={{ maxWidth: 1200, mx: 'auto', px: { xs: 1.5, sm: 3 }, py: { xs: 2, sm: 3 } }}>
      <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1.5, mb: 2 }}>
        <Box sx={{ flex: '1 1 16em', minWidth: 0 }}>
          <Typography variant={phone ? 'h6' : 'h5'} component="h1">
            {year ? translate('app.directory.title_year', { year }) : translate('app.directory.title')}
          </Typography>
          {data && !error && (
            <Typography variant="body2" color="text.secondary">
              {translate('app.directory.summary', { count: data.total, published: beijingDate(data.publishedAt) })}
            </Typography>
          )}
        </Box>
        <Button component={RouterLink} to="/login" variant="outlined" size={phone ? 'small' : 'medium'} sx={{ flexShrink: 0 }}>
          {translate('app.directory.login')}
        </Button>
      </Stack>

      <Paper variant="outlined" sx={{ p: { xs: 1.5, sm: 2 }, mb: 2 }}>
        <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr 1fr', md: '160px 180px 180px minmax(200px, 1fr) auto' }, alignItems: 'center' }}>
          <TextField select size="small" label={translate('app.directory.year')} value={year ?? ''} onChange={(e) => setFilter('year', e.target.value)} disabled={!years.data?.data.length}>
            {(years.data?.data ?? []).map((y) => (
              <MenuItem key={y.year} value={y.year}>
                {translate('app.directory.year_option', { year: y.year, count: y.listed })}
              </MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label={translate('app.directory.province')} value={filters.province} onChange={(e) => setFilter('province', e.target.value)}>
            <MenuItem value="">{translate('app.directory.all_provinces')}</MenuItem>
            {(data?.facets.provinces ?? []).map((f) => (
              <MenuItem key={f.value} value={f.value}>{`${f.label}（${f.count}）`}</MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label={translate('app.directory.industry')} value={filters.industry} onChange={(e) => setFilter('industry', e.target.value)}>
            <MenuItem value="">{translate('app.directory.all_industries')}</MenuItem>
            {(data?.facets.industries ?? []).map((f) => (
              <MenuItem key={f.value} value={f.value}>{`${f.label}（${f.count}）`}</MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label={translate('app.directory.search')}
            placeholder={translate('app.directory.search_hint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> }, htmlInput: { maxLength: 100 } }}
          />
          <Button
            component="a"
            href={`${API_ROOT}/directory/export?${query.toString()}`}
            download
            variant="contained"
            startIcon={<DownloadIcon />}
            disabled={!data?.data.length || !!error}
            sx={{ whiteSpace: 'nowrap', textTransform: 'none', gridColumn: { xs: '1 / -1', md: 'auto' } }}
          >
            {translate('app.directory.export')}
          </Button>
        </Box>
        {filtered && (
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mt: 1.5, alignItems: 'center' }}>
            {filters.province && <Chip size="small" label={data?.facets.provinces.find((f) => f.value === filters.province)?.label ?? filters.province} onDelete={() => setFilter('province', '')} />}
            {filters.industry && <Chip size="small" label={filters.industry} onDelete={() => setFilter('industry', '')} />}
            {filters.q && <Chip size="small" label={`“${filters.q}”`} onDelete={() => setFilter('q', '')} />}
            <Button size="small" onClick={clearFilters}>{translate('app.directory.clear')}</Button>
            {isFetching && <CircularProgress size={16} />}
          </Stack>
        )}
      </Paper>
      {body}
    </Box>
  );
}

function DirectoryTable({ entries }: { entries: DirectoryEntry[] }) {
  const translate = useTranslate();
  const columns: SimpleColumn<DirectoryEntry>[] = [
    { label: translate('app.directory.index'), width: 56, cell: (_, index) => index + 1 },
    { label: translate('app.directory.enterprise'), cell: (entry) => entry.enterpriseName },
    {
      label: translate('app.directory.project'),
      cell: (entry) => (
        <>
          {entry.projectName}
          {entry.isCase && <Chip size="small" color="success" variant="outlined" label={translate('app.directory.case')} sx={{ ml: 1 }} />}
        </>
      ),
    },
    { label: translate('app.directory.region'), cell: (entry) => entry.region },
    { label: translate('app.directory.industry'), nowrap: true, cell: (entry) => entry.industry },
    { label: translate('app.directory.level'), nowrap: true, cell: (entry) => entry.level },
  ];
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }} data-testid="directory-entries">
      <SimpleTable columns={columns} rows={entries} rowKey={(entry) => entry.id} rowProps={() => ({ hover: true })} />
    </Paper>
  );
}

/** On a phone: one card per project, the name first, nothing wider than the screen. */
function DirectoryCards({ entries }: { entries: DirectoryEntry[] }) {
  const translate = useTranslate();
  return (
    <Stack spacing={1.5} component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="directory-entries">
      {entries.map((entry, index) => (
        <Paper key={entry.id} variant="outlined" component="li" sx={{ p: 1.5 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, lineHeight: 1.4 }}>
            {`${index + 1}. ${entry.projectName}`}
          </Typography>
          <Typography variant="body2">{entry.enterpriseName}</Typography>
          <Typography variant="body2" color="text.secondary">
            {entry.region}
          </Typography>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.75, mt: 1 }}>
            <Chip size="small" label={entry.industry} />
            {entry.level && <Chip size="small" variant="outlined" label={entry.level} />}
            {entry.isCase && <Chip size="small" color="success" variant="outlined" label={translate('app.directory.case')} />}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
