/**
 * 导入旧平台项目 (issue 12.8, ministry): the old platform's exported 5G工厂 list (.xlsx) becomes a year's declarations.
 * Always checked first (POST /api/projects/import?dryRun=true): the rows that will be imported with the phase each
 * starts in, the rows skipped because they are already there, and every `第N行 列：…` problem in a table; only a file
 * without problems can be 确认导入 (dryRun=false), which then says how many were created and skipped.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Stack,
  Typography,
} from '@mui/material';
import UploadIcon from '@mui/icons-material/Upload';
import { HttpError, useRefresh, useTranslate } from 'ra-core';
import { apiRequest, type ApiErrorDetails } from '../providers/http';
import { SimpleTable, type SimpleColumn } from '../components/SimpleTable';
import { FormDialog } from '../components/FormDialog';
import { SelectField } from '../components/SelectField';

interface ImportResult {
  dryRun: boolean;
  year: number;
  created: number;
  skipped: number;
  problems: Problem[];
  skippedRows: { row: number; name: string; reason: string }[];
  rows: { row: number; name: string; enterpriseName: string; phaseLabel: string }[];
}
interface Problem {
  row?: number;
  field?: string;
  message: string;
}

/** The campaign years, newest first (an import goes into a year that has its 申报批次). */
function useCampaignYears(enabled: boolean): number[] {
  const { data } = useQuery({
    queryKey: ['campaigns', 'years'],
    queryFn: async () => {
      const body = await apiRequest<{ data: { year: number }[] }>('/campaigns', { query: new URLSearchParams({ page: '1', perPage: '100' }) });
      return [...new Set(body.data.map((c) => Number(c.year)))].sort((a, b) => b - a);
    },
    enabled,
    retry: false,
  });
  return data ?? [];
}

/** The `第N行 列：…` items of a refusal (422 IMPORT_ROWS_INVALID); a whole-file refusal has no rows and only its message. */
const problemsOf = (error: unknown): Problem[] => {
  const details = error instanceof HttpError ? (error.body as ApiErrorDetails | undefined)?.details : undefined;
  return Array.isArray(details) ? (details as Problem[]).filter((d) => d && typeof d.message === 'string' && typeof d.row === 'number') : [];
};

function ProblemTable({ problems }: { problems: Problem[] }) {
  const translate = useTranslate();
  const columns: SimpleColumn<Problem>[] = [
    { label: translate('app.import.row'), cell: (p) => p.row ?? '' },
    { label: translate('app.import.column'), nowrap: true, cell: (p) => p.field ?? '' },
    { label: translate('app.import.problem'), breakAll: true, cell: (p) => p.message },
  ];
  return <SimpleTable columns={columns} rows={problems} rowKey={(_, i) => i} testId="import-problems" />;
}

function RowTable({ rows }: { rows: ImportResult['rows'] }) {
  const translate = useTranslate();
  const columns: SimpleColumn<ImportResult['rows'][number]>[] = [
    { label: translate('app.import.row'), cell: (r) => r.row },
    { label: translate('resources.projects.fields.enterpriseName'), cell: (r) => r.enterpriseName },
    { label: translate('resources.projects.fields.name'), cell: (r) => r.name },
    { label: translate('app.import.phase'), nowrap: true, cell: (r) => r.phaseLabel },
  ];
  return <SimpleTable columns={columns} rows={rows} rowKey={(r) => r.row} testId="import-rows" />;
}

export function ImportProjectsButton() {
  const translate = useTranslate();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const years = useCampaignYears(open);
  const [year, setYear] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; problems: Problem[] } | null>(null);
  const chosenYear = year || (years[0] ? String(years[0]) : '');

  const reset = () => {
    setChecked(null);
    setDone(null);
    setRefusal(null);
  };
  const close = () => {
    setOpen(false);
    setFile(null);
    setYear('');
    reset();
    if (input.current) input.current.value = '';
  };
  const send = async (dryRun: boolean) => {
    if (!file || !chosenYear) return;
    setBusy(true);
    setRefusal(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const result = await apiRequest<ImportResult>(`/projects/import?year=${encodeURIComponent(chosenYear)}&dryRun=${dryRun}`, { method: 'POST', body: form });
      if (dryRun) setChecked(result);
      else {
        setDone(result);
        refresh();
      }
    } catch (error) {
      setChecked(null);
      setRefusal({ message: (error as Error).message, problems: problemsOf(error) });
    } finally {
      setBusy(false);
    }
  };
  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    setFile(e.target.files?.[0] ?? null);
    reset();
  };
  const canImport = Boolean(checked && checked.problems.length === 0 && checked.rows.length > 0 && !done);

  return (
    <>
      <Button size="small" startIcon={<UploadIcon />} onClick={() => setOpen(true)}>
        {translate('app.import.button')}
      </Button>
      <FormDialog
        open={open}
        onClose={close}
        maxWidth="md"
        title={translate('app.import.title')}
        hint={translate('app.import.hint')}
        cancelLabel={translate(done ? 'app.import.close' : 'app.action.cancel')}
        actions={
          !done && (
            <Button variant="outlined" onClick={() => void send(true)} disabled={!file || !chosenYear || busy}>
              {translate('app.import.check')}
            </Button>
          )
        }
        submit={done ? undefined : { label: translate('app.import.confirm'), onSubmit: () => void send(false), disabled: !canImport || busy }}
      >
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
          <SelectField
            size="small"
            name="importYear"
            label={translate('app.import.year')}
            value={chosenYear}
            onValue={(value) => {
              setYear(value);
              reset();
            }}
            options={years.map((y) => ({ value: String(y), label: y }))}
            sx={{ width: 160 }}
            disabled={Boolean(done)}
          />
          <input ref={input} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" hidden onChange={choose} data-testid="import-file" />
          <Button variant="outlined" onClick={() => input.current?.click()} disabled={Boolean(done)}>
            {translate('app.import.choose_file')}
          </Button>
          <Typography variant="body2" color={file ? 'text.primary' : 'text.secondary'} sx={{ wordBreak: 'break-all' }}>
            {file ? file.name : translate('app.import.no_file')}
          </Typography>
        </Stack>
        {refusal && (
          <Box data-testid="import-refusal" sx={{ mb: 2 }}>
            <Alert severity="error" sx={{ mb: 1 }}>
              {refusal.message}
            </Alert>
            {refusal.problems.length > 0 && <ProblemTable problems={refusal.problems} />}
          </Box>
        )}
        {checked && !done && (
          <Box data-testid="import-check">
            {checked.problems.length > 0 ? (
              <>
                <Alert severity="error" sx={{ mb: 1 }}>
                  {translate('app.import.check_problems', { count: checked.problems.length, rows: new Set(checked.problems.map((p) => p.row)).size })}
                </Alert>
                <ProblemTable problems={checked.problems} />
              </>
            ) : (
              <Alert severity={checked.rows.length ? 'success' : 'info'} sx={{ mb: 1 }}>
                {translate('app.import.check_ok', { count: checked.rows.length, skipped: checked.skipped, year: checked.year })}
              </Alert>
            )}
            {checked.problems.length === 0 && checked.rows.length > 0 && <RowTable rows={checked.rows} />}
          </Box>
        )}
        {done && (
          <Alert severity="success" data-testid="import-done">
            {translate('app.import.done', { created: done.created, skipped: done.skipped, year: done.year })}
          </Alert>
        )}
      </FormDialog>
    </>
  );
}
