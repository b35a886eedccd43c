/**
 * 导出: a list as filtered (and sorted, where its export takes the order), as .xlsx streamed by the server
 * (GET /api/<path>?filter=…). The server names the file; `filename` is the fallback.
 */
import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useDataProvider, useListContext, useNotify, useTranslate } from 'ra-core';
import { listQuery, type AppDataProvider } from '../providers/dataProvider';

export function ExportListButton({ path, filename, sorted = false }: { path: string; filename: string; sorted?: boolean }) {
  const { filterValues, sort } = useListContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    dataProvider
      .download(`${path}?${listQuery({ filter: filterValues, ...(sorted ? { sort } : {}) })}`, filename)
      .catch((error: Error) => notify(error.message, { type: 'error' }))
      .finally(() => setBusy(false));
  };
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={run} disabled={busy}>
      {translate('app.action.export')}
    </Button>
  );
}
