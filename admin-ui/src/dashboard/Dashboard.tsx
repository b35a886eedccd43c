/**
 * 首页 of the ministry (national) and the regulators (their jurisdiction): 申报数量 by province, industry and phase,
 * and submissions per month, for a chosen year (GET /api/projects/stats?year=). Other roles go straight to their
 * first screen.
 */
import type { ReactElement } from 'react';
import { useState } from 'react';
import { Alert, Box, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { usePermissions, useTranslate } from 'ra-core';
import { Title } from 'react-admin';
import { Navigate } from 'react-router-dom';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { resourcesFor } from '../permissions';
import { apiRequest } from '../providers/http';
import { hasDashboard, monthSeries, topWithOthers, type ProjectStats } from './stats';
import { QueueSummary } from '../queue/QueueSummary';
import { SelectField } from '../components/SelectField';

const FIRST_YEAR = 2023;
const ALL_YEARS = 'all';
const COLORS = ['#0d47a1', '#1976d2', '#26a69a', '#66bb6a', '#ffa726', '#ef5350', '#ab47bc', '#8d6e63', '#78909c', '#d4e157'];

/** A chart in a card under its title; with nothing to count, a grey 暂无数据 instead. */
function ChartCard({ title, testId, empty, children }: { title: string; testId: string; empty: boolean; children: ReactElement }) {
  const translate = useTranslate();
  return (
    <Card data-testid={testId} sx={{ minWidth: 0 }}>
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          {title}
        </Typography>
        <Box sx={{ width: '100%', height: 300 }}>
          {empty ? (
            <Stack sx={{ height: '100%', alignItems: 'center', justifyContent: 'center' }}>
              <Typography color="text.secondary">{translate('app.dashboard.no_data')}</Typography>
            </Stack>
          ) : (
            <ResponsiveContainer>{children}</ResponsiveContainer>
          )}
        </Box>
      </CardContent>
    </Card>
  );
}

function Charts({ stats, year }: { stats: ProjectStats; year?: number }) {
  const translate = useTranslate();
  const count = translate('app.dashboard.count');
  const provinces = stats.byProvince.map((p) => ({ name: p.name, count: p.count }));
  const industries = topWithOthers(stats.byIndustry, 10, (n) => ({ industry: translate('app.dashboard.other'), count: n }));
  const phases = stats.byPhase.map((p) => ({ name: p.label, count: p.count }));
  const months = monthSeries(stats.byMonth, year);
  const tooltip = <Tooltip formatter={(value) => [value, count]} cursor={{ fill: 'rgba(0, 0, 0, 0.04)' }} />;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, gap: 2 }}>
      <ChartCard title={translate('app.dashboard.by_province')} testId="chart-province" empty={provinces.length === 0}>
        <BarChart data={provinces} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} />
          {tooltip}
          <Bar dataKey="count" name={count} fill={COLORS[0]} maxBarSize={48} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title={translate('app.dashboard.by_phase')} testId="chart-phase" empty={phases.length === 0}>
        <PieChart>
          <Pie data={phases} dataKey="count" nameKey="name" outerRadius={100} label={({ name, value }) => `${name} ${value}`} isAnimationActive={false}>
            {phases.map((p, i) => (
              <Cell key={p.name} fill={COLORS[i % COLORS.length]} />
            ))}
          </Pie>
          {tooltip}
          <Legend />
        </PieChart>
      </ChartCard>
      <ChartCard title={translate('app.dashboard.by_industry')} testId="chart-industry" empty={industries.length === 0}>
        <BarChart data={industries} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="industry" width={120} tick={{ fontSize: 12 }} />
          {tooltip}
          <Bar dataKey="count" name={count} fill={COLORS[2]} maxBarSize={28} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title={translate('app.dashboard.by_month')} testId="chart-month" empty={months.every((m) => m.count === 0)}>
        <LineChart data={months} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip formatter={(value) => [value, translate('app.dashboard.submitted')]} />
          <Line type="monotone" dataKey="count" name={translate('app.dashboard.submitted')} stroke={COLORS[1]} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
    </Box>
  );
}

function StatsDashboard() {
  const translate = useTranslate();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  const [year, setYear] = useState<number | typeof ALL_YEARS>(thisYear);
  const { data, isPending, error } = useQuery({
    queryKey: ['projects-stats', year],
    queryFn: () =>
      apiRequest<ProjectStats>('/projects/stats', { query: year === ALL_YEARS ? undefined : new URLSearchParams({ year: String(year) }) }),
  });
  return (
    <Box sx={{ py: 2 }}>
      <Title title={translate('app.dashboard.title')} />
      <QueueSummary />
      <Stack direction="row" spacing={3} sx={{ mb: 2, alignItems: 'center' }}>
        <SelectField
          size="small"
          label={translate('app.dashboard.year')}
          value={year}
          onValue={setYear}
          options={[
            ...years.map((y) => ({ value: y, label: translate('app.dashboard.year_option', { year: y }) })),
            { value: ALL_YEARS, label: translate('app.dashboard.all_years') },
          ]}
          sx={{ width: 160, flex: 'none' }}
        />
        {data && (
          <Typography data-testid="stats-total" variant="h6">
            {translate('app.dashboard.total', { total: data.total })}
          </Typography>
        )}
      </Stack>
      {error ? (
        <Alert severity="error">{(error as Error).message}</Alert>
      ) : isPending ? (
        <CircularProgress />
      ) : (
        <Charts stats={data} year={year === ALL_YEARS ? undefined : year} />
      )}
    </Box>
  );
}

export function Dashboard() {
  const { permissions, isPending } = usePermissions();
  if (isPending) return null;
  if (hasDashboard(permissions)) return <StatsDashboard />;
  // No statistics for this role: its first screen is its home.
  const first = resourcesFor(permissions)[0];
  return first ? <Navigate to={`/${first}`} replace /> : null;
}
