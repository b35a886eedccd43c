/** The platform's pager: "共 N 条", 10/20/50 条/页, page numbers, and 前往 [N] 页. */
import { useEffect, useState } from 'react';
import { MenuItem, Pagination, Select, Stack, TextField, Typography } from '@mui/material';
import { useListContext, useTranslate } from 'ra-core';

export const PER_PAGE_OPTIONS = [10, 20, 50];

export function ListPagination({ options = PER_PAGE_OPTIONS }: { options?: readonly number[] } = {}) {
  const { total, page, perPage, setPage, setPerPage, isPending } = useListContext();
  const translate = useTranslate();
  const pages = Math.max(1, Math.ceil((total ?? 0) / perPage));
  const [jump, setJump] = useState(String(page));
  useEffect(() => setJump(String(page)), [page]);
  const go = () => {
    const target = Math.min(pages, Math.max(1, Math.trunc(Number(jump)) || 1));
    setJump(String(target));
    if (target !== page) setPage(target);
  };
  if (total === undefined && isPending) return null;
  return (
    <Stack direction="row" spacing={2} sx={{ p: 2, flexWrap: 'wrap', alignItems: 'center', justifyContent: 'flex-end' }} data-testid="pagination">
      <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
        {translate('app.list.total', { total: total ?? 0 })}
      </Typography>
      <Select
        size="small"
        variant="outlined"
        value={perPage}
        onChange={(e) => setPerPage(Number(e.target.value))}
        inputProps={{ 'aria-label': translate('app.list.per_page_label') }}
      >
        {options.map((n) => (
          <MenuItem key={n} value={n}>
            {translate('app.list.per_page', { count: n })}
          </MenuItem>
        ))}
      </Select>
      <Pagination
        count={pages}
        page={Math.min(page, pages)}
        onChange={(_, p) => setPage(p)}
        shape="rounded"
        color="primary"
        // Screen readers read the page buttons in Chinese too (MUI's defaults are English).
        getItemAriaLabel={(type, p) =>
          type === 'next' ? translate('app.list.next_page_aria') : type === 'previous' ? translate('app.list.previous_page_aria') : translate('app.list.page_aria', { page: p ?? 1 })
        }
      />
      <Stack sx={{ alignItems: 'center', flex: 'none' }} direction="row" spacing={1}>
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {translate('app.list.go_to')}
        </Typography>
        <TextField
          size="small"
          variant="outlined"
          margin="none"
          fullWidth={false}
          value={jump}
          onChange={(e) => setJump(e.target.value.replace(/\D/g, ''))}
          onKeyDown={(e) => e.key === 'Enter' && go()}
          onBlur={go}
          // react-admin's theme makes every TextField full width on a phone; `&&` outweighs it for this one.
          sx={{ '&&': { width: 64 }, flex: 'none' }}
          slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': translate('app.list.go_to_page') } }}
        />
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {translate('app.list.page')}
        </Typography>
      </Stack>
    </Stack>
  );
}
