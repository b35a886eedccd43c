/** 截止时间 / 剩余工作日 / 已超期 of the step a project waits at (issue 11.1), as the API computes them. */
import { Box, Chip, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'ra-core';
import { beijingDate, beijingText } from '../../../domain/time';

export function DueDateField(_props: { label?: string; sortBy?: string }) {
  const record = useRecordContext();
  if (!record?.dueAt) return <>—</>;
  return <Box sx={{ whiteSpace: 'nowrap', color: record.overdue ? 'error.main' : undefined }}>{beijingText(record.dueAt)}</Box>;
}

export function RemainingDaysField(_props: { label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (record?.remainingWorkingDays === null || record?.remainingWorkingDays === undefined) return <>—</>;
  return <>{translate('app.queue.working_days', { count: record.remainingWorkingDays })}</>;
}

export function OverdueField(_props: { label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  return record?.overdue ? <Chip size="small" color="error" label={translate('app.queue.overdue')} /> : <>—</>;
}

/** The three in one cell, for the wide 5G工厂 list: the date, then 剩余N个工作日 or 已超期. */
export function DeadlineCell(_props: { label?: string; sortBy?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record?.dueAt) return <>—</>;
  return (
    // The date only (the full time in its tooltip): the wide list has no room for more.
    <Box title={beijingText(record.dueAt)}>
      <Typography variant="body2" color={record.overdue ? 'error' : undefined} sx={{ whiteSpace: 'nowrap' }}>
        {beijingDate(record.dueAt)}
      </Typography>
      {record.overdue ? (
        <Chip size="small" color="error" label={translate('app.queue.overdue')} />
      ) : (
        <Typography variant="caption" color="text.secondary">
          {translate('app.queue.remaining', { count: record.remainingWorkingDays ?? 0 })}
        </Typography>
      )}
    </Box>
  );
}
