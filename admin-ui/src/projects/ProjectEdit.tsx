/**
 * The declaration form (5G工厂信息, SPEC §4): four tabs, the second with four sub-tabs; each (sub-)tab is one
 * section saved on its own (PUT /api/projects/:id/sections/:section). 暂存 saves, 下一页 saves and moves on,
 * 提交 on the last saves and submits; a refused 提交 lists every problem by tab and opens the first.
 */
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, AlertTitle, Badge, Box, Button, Card, CardContent, Link, List, ListItem, Stack, Tab, Tabs, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import SendIcon from '@mui/icons-material/Send';
import { Form, Loading, Title } from 'react-admin';
import {
  setSubmissionErrors,
  useDataProvider,
  useGetOne,
  useNotify,
  useRedirect,
  useTranslate,
  type HttpError,
  type RaRecord,
} from 'ra-core';
import { useQueryClient } from '@tanstack/react-query';
import { useFormContext } from 'react-hook-form';
import { SECTION_LABELS, TABS, tabOf, type Problem, type SectionKey } from '../../../domain/form';
import type { AppDataProvider } from '../providers/dataProvider';
import { isNotAllowed, NotAllowed } from '../components/NotAllowed';
import { EnterpriseInfoView } from './form/EnterpriseInfoView';
import { SectionFields } from './form/SectionFields';
import { valuesToSave } from './form/layout';
import { ReturnReasonBanner } from './QueuePanel';
import {
  draftResolver,
  groupProblemsByTab,
  LAST_SECTION,
  nextSection,
  problemsOf,
  sectionOfProblem,
} from './form/formState';

type Saved = (record: RaRecord) => void;

function useSaveSection(id: string, section: SectionKey, onSaved: Saved) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const { setError } = useFormContext();
  return async (values: Record<string, unknown>): Promise<RaRecord | undefined> => {
    try {
      const { data } = await dataProvider.saveSection(id, section, valuesToSave(section, values));
      onSaved(data);
      return data;
    } catch (error) {
      const body = (error as HttpError).body as { errors?: Record<string, unknown> } | undefined;
      if (body?.errors) {
        const { root: _root, ...fields } = body.errors;
        setSubmissionErrors(fields, setError);
      }
      notify((error as Error).message, { type: 'error' });
      return undefined;
    }
  };
}

function SectionToolbar({
  id,
  section,
  onSaved,
  onNext,
  onProblems,
}: {
  id: string;
  section: SectionKey;
  onSaved: Saved;
  onNext: (section: SectionKey) => void;
  onProblems: (problems: Problem[]) => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { handleSubmit, formState } = useFormContext();
  const save = useSaveSection(id, section, onSaved);
  const [busy, setBusy] = useState(false);
  const next = nextSection(section);
  const run = (after: (saved: RaRecord) => Promise<void> | void) =>
    handleSubmit(
      async (values) => {
        setBusy(true);
        try {
          const saved = await save(values);
          if (saved) await after(saved);
        } finally {
          setBusy(false);
        }
      },
      () => notify('app.form.fix_fields', { type: 'error' }),
    );

  const submit = async () => {
    try {
      await dataProvider.action('projects', id, 'submit');
      onProblems([]);
      notify('app.form.submitted', { type: 'success' });
      redirect('list', 'projects');
    } catch (error) {
      const { code, details } = ((error as HttpError).body ?? {}) as { code?: string; details?: unknown };
      if (Array.isArray(details) && details.length) onProblems(details as Problem[]);
      notify((error as Error).message, { type: 'error' });
      void code;
    }
  };

  const disabled = busy || formState.isSubmitting;
  return (
    <Stack direction="row" spacing={2} sx={{ mt: 3 }}>
      <Button variant="outlined" startIcon={<SaveIcon />} disabled={disabled} onClick={run(() => notify('app.form.saved', { type: 'success' }))}>
        {translate('app.form.save')}
      </Button>
      {next && (
        <Button variant="contained" endIcon={<NavigateNextIcon />} disabled={disabled} onClick={run(() => onNext(next))}>
          {translate('app.form.next')}
        </Button>
      )}
      {section === LAST_SECTION && (
        <Button variant="contained" color="success" startIcon={<SendIcon />} disabled={disabled} onClick={run(submit)}>
          {translate('app.form.submit')}
        </Button>
      )}
    </Stack>
  );
}

/** Marks the server's problems of this section on its fields once the section is shown. */
function ServerProblems({ problems }: { problems: { path: string; message: string }[] }) {
  const { setError, clearErrors, watch } = useFormContext();
  // A field the user has changed no longer shows the message about its old value.
  useEffect(() => {
    const subscription = watch((_values, { name }) => {
      if (name) clearErrors(name);
    });
    return () => subscription.unsubscribe();
  }, [watch, clearErrors]);
  useEffect(() => {
    // After the form's own reset to the record (a parent effect, which runs after this one).
    const timer = setTimeout(() => {
      for (const p of problems) if (p.path) setError(p.path, { type: 'server', message: p.message });
    }, 0);
    return () => clearTimeout(timer);
  }, [problems, setError]);
  return null;
}

function ProblemsPanel({ problems, onOpen }: { problems: Problem[]; onOpen: (section: SectionKey) => void }) {
  const translate = useTranslate();
  if (!problems.length) return null;
  return (
    <Alert severity="error" sx={{ mb: 2, maxHeight: 280, overflowY: 'auto' }} data-testid="submit-problems">
      <AlertTitle>{translate('app.form.problems_title', { count: problems.length })}</AlertTitle>
      {groupProblemsByTab(problems).map((group) => (
        <Box key={group.tabKey} sx={{ mb: 1 }}>
          <Typography variant="subtitle2">{group.tabLabel}</Typography>
          <List dense disablePadding>
            {group.problems.map((p, i) => (
              <ListItem key={i} disablePadding sx={{ pl: 2 }}>
                <Link component="button" type="button" onClick={() => onOpen(sectionOfProblem(p))} underline="hover" color="inherit">
                  {p.section === 'enterprise' ? translate('app.form.enterprise_problem') : SECTION_LABELS[p.section]}：{p.message}
                </Link>
              </ListItem>
            ))}
          </List>
        </Box>
      ))}
    </Alert>
  );
}

export function ProjectEdit() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const queryClient = useQueryClient();
  // A project just created may reach the list projection a moment after POST /api/projects answers: retry a 404.
  const { data: record, isPending, error } = useGetOne(
    'projects',
    { id },
    { retry: (count, err) => (err as HttpError)?.status === 404 && count < 10, retryDelay: 500 },
  );
  const [section, setSection] = useState<SectionKey>('projectInfo');
  const [problems, setProblems] = useState<Problem[]>([]);

  if (isPending) return <Loading />;
  if (isNotAllowed(error)) return <NotAllowed />;
  if (error || !record) return <Alert severity="error">{(error as Error)?.message ?? translate('ra.page.not_found')}</Alert>;

  const editable = Array.isArray(record.allowedActions) && record.allowedActions.includes('save');
  const tab = tabOf(section);
  const onSaved: Saved = (saved) => {
    queryClient.setQueryData(['projects', 'getOne', { id: String(id), meta: undefined }], saved);
    // The section as saved has passed the format checks; what 提交 said about it is for the next 提交 to say again.
    setProblems((found) => found.filter((p) => sectionOfProblem(p) !== section));
  };
  const open = (target: SectionKey) => {
    setSection(target);
    window.scrollTo({ top: 0 });
  };
  const showProblems = (found: Problem[]) => {
    setProblems(found);
    if (found.length) open(sectionOfProblem(found[0]));
  };
  const countIn = (sections: readonly SectionKey[]) => problems.filter((p) => sections.includes(sectionOfProblem(p))).length;

  return (
    <Box sx={{ mt: 1 }}>
      <Title title={record.name ? `${translate('app.form.title')}：${record.name}` : translate('app.form.title')} />
      <ProblemsPanel problems={problems} onOpen={open} />
      <ReturnReasonBanner record={record} />
      {!editable && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.form.not_editable', { phase: record.phaseLabel ?? record.phase })}
        </Alert>
      )}
      <Card>
        <Tabs value={tab.key} onChange={(_, key) => open(TABS.find((t) => t.key === key)!.sections[0])} variant="scrollable">
          {TABS.map((t) => (
            <Tab
              key={t.key}
              value={t.key}
              label={
                <Badge color="error" badgeContent={countIn(t.sections)} invisible={!countIn(t.sections)}>
                  <Box sx={{ pr: countIn(t.sections) ? 1.5 : 0 }}>{t.label}</Box>
                </Badge>
              }
            />
          ))}
        </Tabs>
        {tab.sections.length > 1 && (
          <Tabs value={section} onChange={(_, key) => open(key)} sx={{ px: 2, borderBottom: 1, borderColor: 'divider' }} textColor="secondary" indicatorColor="secondary">
            {tab.sections.map((s) => (
              <Tab key={s} value={s} label={countIn([s]) ? `${SECTION_LABELS[s]}（${countIn([s])}）` : SECTION_LABELS[s]} sx={{ minHeight: 40 }} />
            ))}
          </Tabs>
        )}
        <CardContent>
          {section === 'contacts' && <EnterpriseInfoView enterprise={record.enterprise} />}
          {section === 'contacts' && (
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              {SECTION_LABELS.contacts}
            </Typography>
          )}
          <Form
            key={`${section}`}
            record={(record.sections?.[section] ?? {}) as RaRecord}
            resolver={draftResolver(section)}
            onSubmit={() => undefined}
            disabled={!editable}
            disableInvalidFormNotification
          >
            <SectionFields section={section} />
            <ServerProblems problems={problemsOf(section, problems)} />
            {editable && (
              <SectionToolbar id={String(id)} section={section} onSaved={onSaved} onNext={open} onProblems={showProblems} />
            )}
          </Form>
        </CardContent>
      </Card>
    </Box>
  );
}
