/**
 * 上一个 / 下一个 on 查看 (issue 11.1): the neighbours of this project in the list it was opened from (5G工厂 or 待我处理),
 * with that list's own filter, sort and page as react-admin keeps them (`<resource>.listParams`), across page
 * boundaries (the list follows to the neighbour's page, so 返回列表 lands where the user is).
 */
import { Button, Stack, Typography } from '@mui/material';
import NavigateBeforeIcon from '@mui/icons-material/NavigateBefore';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useResourceContext, useStore, useTranslate, type Identifier } from 'ra-core';
import { useNavigate } from 'react-router-dom';

interface ListParams {
  sort?: string;
  order?: 'ASC' | 'DESC';
  page?: number;
  perPage?: number;
  filter?: Record<string, unknown>;
}

/** The lists' own defaults (ProjectList, QueueList), for a list whose parameters were never changed. */
export const LIST_DEFAULTS: Record<string, Required<ListParams>> = {
  projects: { sort: 'updatedAt', order: 'DESC', page: 1, perPage: 10, filter: {} },
  queue: { sort: 'dueAt', order: 'ASC', page: 1, perPage: 20, filter: { scope: 'all' } },
};

interface Neighbours {
  previous: { id: Identifier; page: number } | null;
  next: { id: Identifier; page: number } | null;
  position: number | null;
  total: number;
}

export function PrevNextButtons() {
  const resource = useResourceContext() ?? 'projects';
  const record = useRecordContext();
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider();
  const defaults = LIST_DEFAULTS[resource] ?? LIST_DEFAULTS.projects!;
  const [stored, setStored] = useStore<ListParams>(`${resource}.listParams`, {});
  const params = { ...defaults, ...stored, filter: stored.filter ?? defaults.filter };
  const { data } = useQuery({
    queryKey: [resource, 'neighbours', record?.id, params],
    enabled: !!record,
    queryFn: async (): Promise<Neighbours> => {
      const page = (n: number) =>
        dataProvider.getList(resource, { pagination: { page: n, perPage: params.perPage }, sort: { field: params.sort, order: params.order }, filter: params.filter });
      const current = await page(params.page);
      const ids = current.data.map((r) => r.id);
      const index = ids.indexOf(record!.id);
      const total = current.total ?? ids.length;
      if (index === -1) return { previous: null, next: null, position: null, total };
      let previous = index > 0 ? { id: ids[index - 1]!, page: params.page } : null;
      let next = index < ids.length - 1 ? { id: ids[index + 1]!, page: params.page } : null;
      if (!previous && params.page > 1) {
        const before = await page(params.page - 1);
        const last = before.data[before.data.length - 1];
        if (last) previous = { id: last.id, page: params.page - 1 };
      }
      if (!next && params.page * params.perPage < total) {
        const first = (await page(params.page + 1)).data[0];
        if (first) next = { id: first.id, page: params.page + 1 };
      }
      return { previous, next, position: (params.page - 1) * params.perPage + index + 1, total };
    },
  });
  const go = (target: { id: Identifier; page: number } | null | undefined) => {
    if (!target) return;
    if (target.page !== params.page) setStored({ ...stored, page: target.page });
    navigate(`/${resource}/${encodeURIComponent(String(target.id))}/show`);
  };
  if (!record || !data || data.position === null) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="prev-next">
      <Button size="small" startIcon={<NavigateBeforeIcon />} disabled={!data.previous} onClick={() => go(data.previous)}>
        {translate('app.navigation.previous')}
      </Button>
      <Typography variant="body2" color="text.secondary">
        {translate('app.navigation.position', { position: data.position, total: data.total })}
      </Typography>
      <Button size="small" endIcon={<NavigateNextIcon />} disabled={!data.next} onClick={() => go(data.next)}>
        {translate('app.navigation.next')}
      </Button>
    </Stack>
  );
}
