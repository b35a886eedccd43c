/**
 * react-admin's DatagridHeader without its one MUI 9 incompatibility: it hands the select-all checkbox `inputProps`,
 * which MUI 9 no longer takes, so React warns that a DOM element got `inputProps` (a console error on every list with
 * bulk actions). Same sorting headers (DatagridHeaderCell) and the same select-all rule; the label goes through
 * `slotProps.input`. For lists with bulk actions: `<Datagrid header={<SelectableDatagridHeader />}>`.
 */
import { Children, isValidElement, type ReactNode } from 'react';
import { Checkbox, TableCell, TableHead, TableRow } from '@mui/material';
import { DatagridClasses, DatagridHeaderCell } from 'react-admin';
import { useListContext, useTranslate, type Identifier, type RaRecord } from 'ra-core';

export function SelectableDatagridHeader({ children, hasBulkActions = false, isRowSelectable }: { children?: ReactNode; hasBulkActions?: boolean; isRowSelectable?: (record: RaRecord) => boolean }) {
  const translate = useTranslate();
  const { sort, data, onSelect, selectedIds, setSort } = useListContext();
  const selectable: Identifier[] = (data ?? []).filter((r) => !isRowSelectable || isRowSelectable(r)).map((r) => r.id);
  const allSelected = selectedIds.length > 0 && selectable.length > 0 && selectable.every((id) => selectedIds.includes(id));
  const selectAll = (checked: boolean) =>
    onSelect(checked ? [...new Set([...selectedIds, ...selectable])] : selectedIds.filter((id) => !(data ?? []).some((r) => r.id === id)));
  const updateSort = (event: React.MouseEvent<HTMLElement>) => {
    event.stopPropagation();
    const field = event.currentTarget.dataset.field!;
    const order = sort?.field === field ? (sort.order === 'ASC' ? 'DESC' : 'ASC') : (event.currentTarget.dataset.order as 'ASC' | 'DESC');
    setSort({ field, order });
  };
  return (
    <TableHead className={DatagridClasses.thead}>
      <TableRow className={`${DatagridClasses.row} ${DatagridClasses.headerRow}`}>
        {hasBulkActions && (
          <TableCell padding="checkbox" className={DatagridClasses.headerCell}>
            <Checkbox
              slotProps={{ input: { 'aria-label': translate('ra.action.select_all') } }}
              className="select-all"
              color="primary"
              checked={allSelected}
              onChange={(e) => selectAll(e.target.checked)}
              onClick={(e) => e.stopPropagation()}
            />
          </TableCell>
        )}
        {Children.map(children, (field, index) => {
          if (!isValidElement(field)) return null;
          const props = field.props as { source?: string; sortBy?: string };
          return (
            <DatagridHeaderCell
              className={`${DatagridClasses.headerCell} column-${props.source}`}
              sort={sort}
              field={field}
              isSorting={sort?.field === (props.sortBy || props.source)}
              key={props.source || index}
              updateSort={updateSort}
            />
          );
        })}
      </TableRow>
    </TableHead>
  );
}
