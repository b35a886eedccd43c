/**
 * Lists that fit the screen (issue 16.2): no list scrolls sideways at 1280 px with the menu open. A list shows its
 * essential columns at every width and the rest from 1536 px (`useWide`); below that the rest fold into the row's
 * 展开 (`FoldedFields`, Datagrid's `expand`). Phones (< 600 px, `usePhone`) get react-admin's SimpleList, as in its demo.
 */
import type { ReactNode } from 'react';
import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useRecordContext, useResourceContext, useTranslate, type RaRecord } from 'ra-core';

/** ≥ 1536 px: room for every column. */
export function useWide(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.up('xl'));
}

/** < 600 px: a phone. */
export function usePhone(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
}

export interface FoldedField {
  /** The field's name; its label is resources.<resource>.fields.<source>. */
  source: string;
  /** The value as text (default: the record's value). */
  render?: (record: RaRecord) => ReactNode;
}

/** The columns folded away at this width, under the row's 展开, as label: value pairs. */
export function FoldedFields({ fields }: { fields: FoldedField[] }) {
  const record = useRecordContext();
  const resource = useResourceContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 1 }}>
      {fields.map(({ source, render }) => {
        const value = render ? render(record) : (record[source] as ReactNode);
        return (
          <Box key={source} sx={{ minWidth: 0 }}>
            <Typography component="dt" variant="caption" color="text.secondary">
              {translate(`resources.${resource}.fields.${source}`)}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
              {value === null || value === undefined || value === '' ? '—' : value}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
