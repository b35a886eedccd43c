/**
 * A small read-only table from columns and rows — the lists inside a page or a dialog that are not react-admin lists
 * (材料, 评审打分, 导入检查, 批量结果, 名录, a form's 列表 rows, 审计 details). Headers never wrap; a column says how its
 * cells wrap. An empty list reads as one grey line across the table; a row may carry a full-width detail under it
 * that folds away (批量结果's 对比版本).
 */
import type { Key, ReactNode } from 'react';
import {
  Box,
  Collapse,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  type SxProps,
  type TableRowProps,
  type Theme,
} from '@mui/material';

export interface SimpleColumn<Row> {
  /** The header (already translated). */
  label: ReactNode;
  /** The cell of one row. */
  cell: (row: Row, index: number) => ReactNode;
  /** Cells stay on one line: numbers, sizes, times, phases, buttons. */
  nowrap?: boolean;
  /** Long unbroken text (file names, messages) may break anywhere. */
  breakAll?: boolean;
  width?: number | string;
}

/** What a row may carry besides its cells: hover, a test id or another data attribute. */
export type SimpleRowProps = Pick<TableRowProps, 'hover'> & { [data: `data-${string}`]: string | undefined };

export interface SimpleTableProps<Row> {
  columns: SimpleColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => Key;
  rowProps?: (row: Row, index: number) => SimpleRowProps;
  /** Shown across the table when there are no rows. */
  empty?: ReactNode;
  /** A full-width row under a row (nothing when it returns undefined), shown while `detailOpen` says so. */
  detail?: (row: Row) => ReactNode;
  detailOpen?: (row: Row) => boolean;
  testId?: string;
  sx?: SxProps<Theme>;
}

const cellSx = (column: SimpleColumn<unknown>) => ({
  ...(column.nowrap ? { whiteSpace: 'nowrap' } : {}),
  ...(column.breakAll ? { wordBreak: 'break-all' } : {}),
});

export function SimpleTable<Row>({ columns, rows, rowKey, rowProps, empty, detail, detailOpen, testId, sx }: SimpleTableProps<Row>) {
  return (
    <Table size="small" data-testid={testId} sx={sx}>
      <TableHead>
        <TableRow>
          {columns.map((column, i) => (
            <TableCell key={i} sx={{ whiteSpace: 'nowrap', width: column.width }}>
              {column.label}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.length === 0 && empty && (
          <TableRow>
            <TableCell colSpan={columns.length}>
              <Typography color="text.secondary" variant="body2">
                {empty}
              </Typography>
            </TableCell>
          </TableRow>
        )}
        {rows.map((row, index) => {
          const below = detail?.(row);
          const open = below !== undefined && (detailOpen?.(row) ?? true);
          return [
            <TableRow key={rowKey(row, index)} {...rowProps?.(row, index)}>
              {columns.map((column, i) => (
                <TableCell key={i} sx={cellSx(column as SimpleColumn<unknown>)}>
                  {column.cell(row, index)}
                </TableCell>
              ))}
            </TableRow>,
            below !== undefined && (
              <TableRow key={`${rowKey(row, index)}-detail`}>
                <TableCell colSpan={columns.length} sx={{ py: 0, borderBottom: open ? undefined : 'none' }}>
                  <Collapse in={open} unmountOnExit>
                    <Box sx={{ py: 1 }}>{below}</Box>
                  </Collapse>
                </TableCell>
              </TableRow>
            ),
          ];
        })}
      </TableBody>
    </Table>
  );
}
