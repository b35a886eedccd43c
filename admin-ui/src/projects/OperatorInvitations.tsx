/**
 * 邀请运营商 on the enterprise's 查看 page: the operators invited to read the project, 取消邀请 for each, and a
 * search (GET /api/operators?q=) to invite another (POST /api/projects/:id/operators { operatorId }; DELETE
 * /api/projects/:id/operators/:operatorId). Pessimistic: the list changes once the server has accepted.
 */
import { useState } from 'react';
import { Autocomplete, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'ra-core';
import { apiRequest } from '../providers/http';
import { SectionHeading } from '../components/SectionHeading';

export interface Operator {
  id: string;
  username: string;
  name: string;
  orgName: string | null;
}

/** How an operator account is named on screen: 单位（姓名，账号）. */
export function operatorLabel(operator: Pick<Operator, 'username' | 'name' | 'orgName'>): string {
  return `${operator.orgName ?? operator.name}（${operator.name}，${operator.username}）`;
}

/** The detail view lists invited operators by id (or, if the API gives more, as records). */
type Invited = string | Partial<Operator> & { id: string };

/** GET /api/operators: only for whom may invite (the enterprise); others may not read it and are not asked to. */
function useOperators(search: string, enabled: boolean) {
  return useQuery({
    queryKey: ['operators', search],
    queryFn: () =>
      apiRequest<{ data: Operator[] }>('/operators', { query: search ? new URLSearchParams({ q: search }) : undefined }).then((r) => r.data),
    staleTime: 30_000,
    enabled,
  });
}

export function OperatorInvitations() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Operator | null>(null);
  const allowed: string[] = Array.isArray(record?.allowedActions) ? record.allowedActions : [];
  const mayInvite = allowed.includes('inviteOperator');
  const { data: found = [], isFetching } = useOperators(search.trim(), mayInvite);
  // Names of the invited operators: what the API gives, else what a search has shown.
  const { data: known = [] } = useOperators('', mayInvite);
  const invited: Invited[] = Array.isArray(record?.invitedOperators) ? record.invitedOperators : [];

  const done = (message: string) => {
    notify(message, { type: 'success' });
    refresh();
  };
  const failed = (error: Error) => notify(error.message, { type: 'error' });
  const invite = useMutation({
    mutationFn: (operatorId: string) =>
      apiRequest(`/projects/${encodeURIComponent(String(record!.id))}/operators`, { method: 'POST', body: { operatorId } }),
    onSuccess: () => {
      setChosen(null);
      setSearch('');
      done('app.operators.invited');
    },
    onError: failed,
  });
  const revoke = useMutation({
    mutationFn: (operatorId: string) =>
      apiRequest(`/projects/${encodeURIComponent(String(record!.id))}/operators/${encodeURIComponent(operatorId)}`, { method: 'DELETE' }),
    onSuccess: () => done('app.operators.revoked'),
    onError: failed,
  });

  if (!record || !mayInvite) return null;
  const name = (entry: Invited) => {
    const id = typeof entry === 'string' ? entry : entry.id;
    const operator = (typeof entry === 'object' && entry.username ? entry : undefined) ?? [...known, ...found].find((o) => o.id === id);
    return operator?.username ? operatorLabel(operator as Operator) : translate('app.operators.unknown');
  };
  const invitedIds = new Set(invited.map((e) => (typeof e === 'string' ? e : e.id)));
  const mayRevoke = allowed.includes('revokeOperator') || allowed.includes('inviteOperator');

  return (
    <Box data-testid="operator-invitations">
      <SectionHeading title={translate('app.operators.title')} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.operators.hint')}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
        {invited.length === 0 && <Typography color="text.secondary">{translate('app.operators.none')}</Typography>}
        {invited.map((entry) => {
          const id = typeof entry === 'string' ? entry : entry.id;
          return (
            <Chip
              key={id}
              label={name(entry)}
              onDelete={mayRevoke && !revoke.isPending ? () => revoke.mutate(id) : undefined}
            />
          );
        })}
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', maxWidth: 720 }}>
        <Autocomplete
          sx={{ flex: 1 }}
          size="small"
          options={found.filter((o) => !invitedIds.has(o.id))}
          loading={isFetching}
          value={chosen}
          onChange={(_, value) => setChosen(value)}
          inputValue={search}
          onInputChange={(_, value) => setSearch(value)}
          filterOptions={(options) => options}
          getOptionLabel={operatorLabel}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          noOptionsText={translate('app.operators.no_match')}
          loadingText={translate('app.operators.searching')}
          renderInput={(params) => <TextField {...params} label={translate('app.operators.search')} />}
        />
        <Button variant="contained" disabled={!chosen || invite.isPending} onClick={() => chosen && invite.mutate(chosen.id)}>
          {translate('app.operators.invite')}
        </Button>
      </Stack>
    </Box>
  );
}
