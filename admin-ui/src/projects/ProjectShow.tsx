/**
 * 查看 5G工厂 (SPEC §6): every tab of the form read-only, the recommendation states, deadlines and the history
 * timeline; the actions this user may take (allowedActions) in the toolbar.
 */
import { useState, type ReactNode } from 'react';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import { Show, TabbedShowLayout, TabbedShowLayoutTabs, TopToolbar, ListButton } from 'react-admin';
import { usePermissions, useRecordContext, useShowContext, useTranslate } from 'ra-core';
import { SECTION_LABELS, TABS } from '../../../domain/form';
import type { ExpertScore } from '../../../domain/lifecycle/state';
import { chinaTime } from '../components/beijingTime';
import { NotAllowed } from '../components/NotAllowed';
import { PhaseField } from '../components/PhaseField';
import { SectionHeading } from '../components/SectionHeading';
import { SimpleTable, type SimpleColumn } from '../components/SimpleTable';
import { EnterpriseInfoView } from './form/EnterpriseInfoView';
import { MaterialsPanel } from './form/MaterialsPanel';
import { SectionView } from './form/SectionView';
import { OperatorInvitations } from './OperatorInvitations';
import { StatusText } from './StatusText';
import { ProjectActions } from './ProjectActions';
import { CorrectionButtons } from './CorrectionButtons';
import { PrevNextButtons } from './PrevNextButtons';
import { MyQueuePanel, ReturnReasonBanner } from './QueuePanel';
import { DiffDialog, VersionCompare } from './VersionCompare';
import { collapseSaves, type HistoryEntry } from './historyGroups';

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Box data-testid={testId}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Box>{children ?? '—'}</Box>
    </Box>
  );
}

function Overview() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const t = (key: string) => translate(`resources.projects.fields.${key}`);
  const deadlines = record.deadlines ?? {};
  return (
    <Stack spacing={3}>
      <MyQueuePanel />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
        <Item label={t('enterpriseName')}>{record.enterpriseName}</Item>
        <Item label={t('name')}>{record.name || '—'}</Item>
        <Item label={t('year')}>{record.year}</Item>
        <Item label={translate('app.show.phase')}>
          <PhaseField />
        </Item>
        <Item label={t('statusText')}>
          <StatusText />
        </Item>
        <Item label={t('stage')}>{record.stage || '—'}</Item>
        <Item label={t('address')}>{record.address || '—'}</Item>
        <Item label={t('createdAt')}>{chinaTime(record.createdAt)}</Item>
        <Item label={t('updatedAt')}>{chinaTime(record.updatedAt)}</Item>
      </Box>
      <Box>
        <SectionHeading title={translate('app.show.recommendations')} />
        <Stack spacing={1}>
          {record.cityReviewRequired && (
            <Typography>
              {translate('app.show.city_review')}：
              {translate(`app.show.city_review_${record.cityReview ?? 'none'}`)}
            </Typography>
          )}
          {(record.recommendations ?? []).map((r: { authority: string; office: string; statusLabel: string; by?: string; at?: string }) => (
            <Stack sx={{ alignItems: 'center' }} key={r.authority} direction="row" spacing={1} data-testid={`recommendation-${r.authority}`}>
              <Typography>{r.office}</Typography>
              <Chip size="small" color={r.statusLabel === '已推荐' ? 'success' : 'default'} label={r.statusLabel} />
              {r.by && (
                <Typography variant="body2" color="text.secondary">
                  {r.by} · {chinaTime(r.at)}
                </Typography>
              )}
            </Stack>
          ))}
          {record.withdrawal && (
            <Typography color="warning.main">
              {translate('app.show.withdrawal_pending', { reason: record.withdrawal.reason, at: chinaTime(record.withdrawal.requestedAt) })}
            </Typography>
          )}
        </Stack>
      </Box>
      <Box>
        <SectionHeading title={translate('app.show.deadlines')} />
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
          <Item label={translate('app.show.deadline_submission')} testId="deadline-submission">{chinaTime(deadlines.submission)}</Item>
          {deadlines.cityReview && <Item label={translate('app.show.deadline_city_review')} testId="deadline-city-review">{chinaTime(deadlines.cityReview)}</Item>}
          <Item label={translate('app.show.deadline_recommendation')} testId="deadline-recommendation">{chinaTime(deadlines.recommendation)}</Item>
          {record.publicity && (
            <Item label={translate('app.show.publicity')}>
              {chinaTime(record.publicity.startedAt)} — {chinaTime(record.publicity.endsAt)}
            </Item>
          )}
        </Box>
      </Box>
      <OperatorInvitations />
    </Stack>
  );
}

/**
 * 历史记录: every transition, newest first — who, role, when, reason, from → to; a day's run of 暂存 is one entry
 * ("暂存 ×18") with its changes one click away.
 */
function HistoryTimeline() {
  const record = useRecordContext();
  const translate = useTranslate();
  const [diff, setDiff] = useState<{ from: number; to: number; title: string } | null>(null);
  const items = collapseSaves(record?.history ?? []).reverse();
  if (!items.length) return <Typography color="text.secondary">{translate('app.show.no_history')}</Typography>;
  const history: (HistoryEntry & { count?: number; diff?: { from: number; to: number } })[] = items.map((item) =>
    item.kind === 'event'
      ? item.entry
      : {
          ...item.last,
          actionLabel: item.count > 1 ? translate('app.versions.saves', { count: item.count }) : item.last.actionLabel,
          count: item.count,
          ...(item.fromVersion !== null && item.toVersion !== null ? { diff: { from: Math.max(0, item.fromVersion), to: item.toVersion } } : {}),
        },
  );
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="history">
      {diff && record && <DiffDialog id={String(record.id)} from={diff.from} to={diff.to} title={diff.title} onClose={() => setDiff(null)} />}
      {history.map((h, i) => (
        <Box component="li" key={`${h.seq ?? h.action}-${h.at}-${i}`} sx={{ display: 'flex', gap: 2, pb: 2, position: 'relative' }}>
          <Box sx={{ width: 12, display: 'flex', flexDirection: 'column', alignItems: 'center' }}>
            <Box sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: i === 0 ? 'primary.main' : 'grey.400', mt: 0.75 }} />
            {i < history.length - 1 && <Box sx={{ flex: 1, width: 2, bgcolor: 'grey.300', mt: 0.5 }} />}
          </Box>
          <Box>
            <Typography sx={{ fontWeight: 600 }}>
              {h.actionLabel}
              {h.fromPhaseLabel && h.toPhaseLabel && h.fromPhaseLabel !== h.toPhaseLabel && (
                <Typography component="span" color="text.secondary" sx={{ ml: 1 }}>
                  {h.fromPhaseLabel} → {h.toPhaseLabel}
                </Typography>
              )}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {chinaTime(h.at)} · {h.actorName ?? '—'}
              {h.actorRoleLabel ? `（${h.actorRoleLabel}）` : ''}
            </Typography>
            {h.reason && <Typography variant="body2">{translate('app.show.reason', { reason: h.reason })}</Typography>}
            {h.diff && (
              <Button size="small" sx={{ px: 0 }} onClick={() => setDiff({ ...h.diff!, title: `${h.actionLabel} · ${chinaTime(h.at)}` })}>
                {translate('app.versions.show_diff')}
              </Button>
            )}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** A score as the detail view sends it: the domain's ExpertScore with the expert's name. */
type NamedScore = ExpertScore & { expertName: string };

/** 评审 (ministry and experts): experts, scores, on-site result, decision, objections. */
function ReviewPanel() {
  const record = useRecordContext();
  const translate = useTranslate();
  const review = record?.review;
  if (!review) return null;
  const scoreColumns: SimpleColumn<NamedScore>[] = [
    { label: translate('app.review.expert'), cell: (s) => s.expertName },
    { label: translate('app.review.score'), cell: (s) => s.score },
    { label: translate('app.review.comment'), cell: (s) => s.comment },
    { label: translate('app.review.at'), nowrap: true, cell: (s) => chinaTime(s.at) },
  ];
  return (
    <Stack spacing={2}>
      <Item label={translate('app.review.experts')}>{review.experts?.map((e: { name: string }) => e.name).join('、') || '—'}</Item>
      <Box>
        <Typography variant="body2" color="text.secondary">
          {translate('app.review.scores')}
        </Typography>
        <SimpleTable
          columns={scoreColumns}
          rows={review.scores ?? []}
          rowKey={(s) => s.expertId}
          empty={translate('app.review.no_scores')}
        />
      </Box>
      <Item label={translate('app.review.onsite_result')}>
        {review.onsite ? `${translate(review.onsite.passed ? 'app.review.passed' : 'app.review.failed')} ${review.onsite.notes ?? ''}` : '—'}
      </Item>
      <Item label={translate('app.review.decision')}>
        {review.decision ? translate(`app.review.decision_${review.decision}`) : '—'}
      </Item>
      <Item label={translate('app.review.objections')}>
        {(review.objections ?? []).length === 0
          ? '—'
          : review.objections.map((o: { id: string; content: string; status: string; resolution?: string }) => (
              <Typography key={o.id}>
                {o.content}（{translate(`app.review.objection_${o.status}`)}）{o.resolution ? `：${o.resolution}` : ''}
              </Typography>
            ))}
      </Item>
    </Stack>
  );
}

function FormTab({ sections }: { sections: readonly string[] }) {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Stack spacing={3}>
      {sections.map((section) => (
        <Box key={section}>
          {sections.length > 1 || section === 'contacts' ? (
            <Typography variant="h6" sx={{ mb: 1 }}>
              {SECTION_LABELS[section as keyof typeof SECTION_LABELS]}
            </Typography>
          ) : null}
          {section === 'contacts' && <EnterpriseInfoView enterprise={record.enterprise} />}
          {section === 'materials' ? (
            <MaterialsPanel record={record} editable={false} />
          ) : (
            <SectionView section={section as keyof typeof SECTION_LABELS} values={record.sections?.[section]} />
          )}
        </Box>
      ))}
    </Stack>
  );
}

function ShowActions() {
  return (
    <TopToolbar sx={{ alignItems: 'center' }}>
      <PrevNextButtons />
      <ProjectActions />
      <CorrectionButtons />
      <ListButton />
    </TopToolbar>
  );
}

function ShowTitle() {
  const record = useRecordContext();
  const { error } = useShowContext();
  const translate = useTranslate();
  if (error) return <span>{translate('app.not_allowed.title')}</span>;
  return <span>{`${translate('resources.projects.actions.view')}：${record?.name || translate('app.form.untitled')}`}</span>;
}

/** The return reason above the tabs, for the enterprise and everyone else who opens a returned project. */
function ReturnBannerSlot() {
  return (
    <Box sx={{ px: 2, pt: 2, '&:empty': { display: 'none' } }}>
      <ReturnReasonBanner />
    </Box>
  );
}

export function ProjectShow() {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  return (
    // A project the user may not see (the API's 404) is a 无权查看 page, not a notification and a jump to the list.
    // The card may be narrower than its row of tabs (min-width 0): the tabs scroll, not the page.
    <Show actions={<ShowActions />} title={<ShowTitle />} error={<NotAllowed />} queryOptions={{ onError: () => undefined }} sx={{ '& .RaShow-card': { minWidth: 0 } }}>
      <ReturnBannerSlot />
      {/* Scrollable tabs: on a phone the row of tabs scrolls by itself, never the page. */}
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}>
        <TabbedShowLayout.Tab label={translate('app.show.overview')}>
          <Overview />
        </TabbedShowLayout.Tab>
        {TABS.map((tab) => (
          <TabbedShowLayout.Tab key={tab.key} label={tab.label} path={tab.key}>
            <FormTab sections={tab.sections} />
          </TabbedShowLayout.Tab>
        ))}
        <TabbedShowLayout.Tab label={translate('app.show.history')} path="history">
          <HistoryTimeline />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('app.versions.tab')} path="versions">
          <VersionCompare />
        </TabbedShowLayout.Tab>
        {(permissions === 'ministry' || permissions === 'expert') && (
          <TabbedShowLayout.Tab label={translate('app.show.review')} path="review">
            <ReviewPanel />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
}
