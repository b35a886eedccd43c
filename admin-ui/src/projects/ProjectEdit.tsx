/**
 * The declaration form (5G工厂信息, SPEC §4): four tabs, two of them with sub-tabs; each (sub-)tab is one section saved on
 * its own (PUT /api/projects/:id/sections/:section). 暂存 saves, 下一页 saves and moves on, 提交 on the last saves what
 * is unsaved and submits; a refused 提交 lists every problem by tab and opens the first.
 *
 * Nothing typed is lost (issue 12.1): each section's unsaved input is kept while another (sub-)tab is open, copied to
 * the browser's storage as it is typed (offered back after a crash or an expired session: “恢复未保存的内容?”), and
 * leaving the form with unsaved input asks first. The manual's order (12.2): a new project is created by the first
 * 暂存 of 项目基本情况 › 项目情况 (新增 creates nothing), and the other tabs open once it exists. Each tab shows how complete
 * it is (12.4), by the same check 提交 runs. A project the enterprise may not change is shown read-only, with no input.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  AlertTitle,
  Badge,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link,
  List,
  ListItem,
  Stack,
  Tab,
  Tabs,
  Typography,
} from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import SendIcon from '@mui/icons-material/Send';
import { Form, Loading, Title } from 'react-admin';
import {
  setSubmissionErrors,
  useBlocker,
  useDataProvider,
  useGetOne,
  useNotify,
  useTranslate,
  type HttpError,
  type RaRecord,
} from 'ra-core';
import { useQueryClient } from '@tanstack/react-query';
import { useFormContext } from 'react-hook-form';
import {
  FIRST_SECTION,
  SECTION_KEYS,
  SECTION_LABELS,
  TABS,
  sectionOpen,
  tabOf,
  type Problem,
  type SectionKey,
} from '../../../domain/form';
import { beijingText } from '../../../domain/time';
import type { AppDataProvider } from '../providers/dataProvider';
import { isNotAllowed, NotAllowed } from '../components/NotAllowed';
import { session } from '../providers/session';
import { CompletenessPanel, MeterCaption, useFormMeter, type Meter } from './form/CompletenessMeter';
import { EnterpriseInfoView } from './form/EnterpriseInfoView';
import { MaterialsPanel } from './form/MaterialsPanel';
import { SectionFields } from './form/SectionFields';
import { SectionView } from './form/SectionView';
import { valuesToSave } from './form/layout';
import { ReturnReasonBanner } from './QueuePanel';
import {
  differsFromSaved,
  draftResolver,
  formPath,
  groupProblemsByTab,
  LAST_SECTION,
  nextSection,
  problemsOf,
  sectionOfProblem,
} from './form/formState';
import { draftKey, readDraft, removeDraft, writeDraft, type LocalDraft } from './form/localDraft';

type Values = Record<string, unknown>;
type Sections = Partial<Record<SectionKey, unknown>>;

/**
 * The project a save answered with. react-admin's data provider hook answers an empty result instead of failing when
 * the session has ended (it signs the user out): that is not a save, and the input must stay unsaved.
 */
function savedProject(data: unknown): RaRecord {
  if (!data || typeof data !== 'object' || Array.isArray(data) || !('id' in data)) throw new Error('ra.auth.auth_check_error');
  return data as RaRecord;
}

/** How the form tells its page what happened to a section. */
interface FormApi {
  /** The values on screen changed; `edited` when a field changed (not a reset of the whole form). */
  onValues(section: SectionKey, values: Values, edited: boolean): void;
  /**
   * 暂存 of `section` with `values`: resolves with the saved project. `then` is the section 下一页 goes to (a new
   * project continues there on its own page).
   */
  save(section: SectionKey, values: Values, then?: SectionKey): Promise<RaRecord | undefined>;
  /** 提交: every unsaved section is saved first. */
  submit(): Promise<void>;
  open(section: SectionKey): void;
}

/** Reports every change of the values on screen to the page, which keeps them while another tab is open. */
function ValuesKeeper({ section, api }: { section: SectionKey; api: FormApi }) {
  const { watch } = useFormContext();
  useEffect(() => {
    const subscription = watch((values, { name }) => api.onValues(section, values as Values, !!name));
    return () => subscription.unsubscribe();
  }, [watch, section, api]);
  return null;
}

function SectionToolbar({ section, api, creating }: { section: SectionKey; api: FormApi; creating: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { handleSubmit, formState, setError } = useFormContext();
  const [busy, setBusy] = useState(false);
  const next = nextSection(section);
  const run = (after: (saved: RaRecord) => Promise<void> | void, then?: SectionKey) =>
    handleSubmit(
      async (values) => {
        setBusy(true);
        try {
          const saved = await api.save(section, values, then);
          if (saved) await after(saved);
        } catch (error) {
          const body = (error as HttpError).body as { errors?: Record<string, unknown> } | undefined;
          if (body?.errors) {
            const { root: _root, ...fields } = body.errors;
            setSubmissionErrors(fields, setError);
          }
          notify((error as Error).message, { type: 'error' });
        } finally {
          setBusy(false);
        }
      },
      () => notify('app.form.fix_fields', { type: 'error' }),
    );
  const disabled = busy || formState.isSubmitting;
  return (
    <Stack direction="row" spacing={2} sx={{ mt: 3 }}>
      <Button variant="outlined" startIcon={<SaveIcon />} disabled={disabled} onClick={run(() => notify(creating ? 'app.form.created' : 'app.form.saved', { type: 'success' }))}>
        {translate('app.form.save')}
      </Button>
      {next && (
        <Button variant="contained" endIcon={<NavigateNextIcon />} disabled={disabled} onClick={run(() => api.open(next), next)}>
          {translate('app.form.next')}
        </Button>
      )}
      {section === LAST_SECTION && (
        <Button variant="contained" color="success" startIcon={<SendIcon />} disabled={disabled} onClick={run(() => api.submit())}>
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

/** “恢复未保存的内容?”: the browser kept input of an earlier visit that never reached the server. */
function RestoreDialog({ offer, onRestore, onDiscard }: { offer: { draft: LocalDraft; sections: SectionKey[]; stale: boolean } | null; onRestore: () => void; onDiscard: () => void }) {
  const translate = useTranslate();
  return (
    <Dialog open={!!offer} aria-labelledby="restore-title">
      <DialogTitle id="restore-title">{translate('app.form.restore_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {offer &&
            translate('app.form.restore_text', {
              at: beijingText(new Date(offer.draft.savedAt)),
              sections: offer.sections.map((s) => SECTION_LABELS[s]).join('、'),
            })}
        </DialogContentText>
        {offer?.stale && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            {translate('app.form.restore_stale')}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onDiscard}>{translate('app.form.restore_discard')}</Button>
        <Button variant="contained" onClick={onRestore}>
          {translate('app.form.restore_confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Leaving the form (menu, back, another page) with unsaved input asks first; closing the tab gets the browser's prompt. */
function useLeaveGuard(dirty: boolean, allow: React.MutableRefObject<boolean>, onLeave: () => void) {
  const translate = useTranslate();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      !allow.current &&
      currentLocation.pathname !== nextLocation.pathname &&
      // A sign-out (or an expired session) is not stopped: the browser keeps the copy to restore.
      !nextLocation.pathname.startsWith('/login'),
  );
  useEffect(() => {
    if (!dirty) return;
    const beforeunload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = true;
    };
    window.addEventListener('beforeunload', beforeunload);
    return () => window.removeEventListener('beforeunload', beforeunload);
  }, [dirty]);
  const dialog = (
    <Dialog open={blocker.state === 'blocked'} aria-labelledby="leave-title">
      <DialogTitle id="leave-title">{translate('app.form.leave_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('app.form.leave_text')}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => blocker.reset?.()}>{translate('app.form.leave_stay')}</Button>
        <Button
          color="error"
          variant="contained"
          onClick={() => {
            onLeave();
            blocker.proceed?.();
          }}
        >
          {translate('app.form.leave_confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
  return dialog;
}

function TabLabel({ label, meter, testId }: { label: string; meter: Meter | null; testId: string }) {
  const problems = meter?.problems.length ?? 0;
  return (
    <Badge color="error" badgeContent={problems} invisible={!problems} max={999}>
      <Box sx={{ pr: problems ? 1.5 : 0, textAlign: 'center' }}>
        <Box component="span">{label}</Box>
        {meter && <MeterCaption meter={meter} testId={testId} />}
      </Box>
    </Badge>
  );
}

export function ProjectForm({ record }: { record?: RaRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const location = useLocation();
  const dataProvider = useDataProvider<AppDataProvider>();
  const queryClient = useQueryClient();
  const creating = !record;
  const projectId = record ? String(record.id) : undefined;
  const editable = creating || (Array.isArray(record.allowedActions) && record.allowedActions.includes('save'));
  const saved: Sections = useMemo(() => (record?.sections ?? {}) as Sections, [record]);
  // Read once: a session that ends while the form is open (the copy is for the next sign-in) must not move the copy.
  const [userId] = useState(() => session.getUser()?.id ?? 'anonymous');
  const storageKey = draftKey(userId, projectId);

  const initialSection = (location.state as { section?: SectionKey } | null)?.section;
  const [section, setSection] = useState<SectionKey>(initialSection && SECTION_KEYS.includes(initialSection) ? initialSection : FIRST_SECTION);
  /** Unsaved input by section (what the screen shows differs from what the server holds). */
  const unsaved = useRef<Partial<Record<SectionKey, Values>>>({});
  /**
   * What the browser keeps for a crash or an expired session: a section enters with a change and leaves only when it
   * is saved or the user gives it up — never because the screen was reset (a sign-out resets the form first).
   */
  const localCopy = useRef<Partial<Record<SectionKey, Values>>>({});
  const [dirty, setDirty] = useState<SectionKey[]>([]);
  /** Bumped to mount the section's form afresh (after restoring input). */
  const [formToken, setFormToken] = useState(0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [offer, setOffer] = useState<{ draft: LocalDraft; sections: SectionKey[]; stale: boolean } | null>(null);
  const allowNavigation = useRef(false);
  /** The values last reported per section (JSON), to tell a change from a re-render. */
  const lastValues = useRef<Partial<Record<SectionKey, string>>>({});
  const { meter, refresh: refreshMeter } = useFormMeter(record, saved, unsaved);

  const updateDirty = useCallback(() => setDirty(SECTION_KEYS.filter((s) => unsaved.current[s] !== undefined)), []);
  const flushTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const persist = useCallback(() => {
    clearTimeout(flushTimer.current);
    writeDraft(storageKey, { savedAt: new Date().toISOString(), baseFormVersion: Number(record?.formVersion ?? 0), sections: localCopy.current });
  }, [storageKey, record?.formVersion]);
  useEffect(() => () => clearTimeout(flushTimer.current), []);

  // The browser's copy of an earlier visit, offered back once when the form opens.
  const offered = useRef(false);
  useEffect(() => {
    if (offered.current) return;
    offered.current = true;
    const draft = readDraft(storageKey);
    if (!draft) return;
    if (!editable) {
      removeDraft(storageKey);
      return;
    }
    const sections = SECTION_KEYS.filter((s) => draft.sections[s] !== undefined && differsFromSaved(s, draft.sections[s], saved[s]));
    if (!sections.length) {
      removeDraft(storageKey);
      return;
    }
    setOffer({ draft, sections, stale: Number(record?.formVersion ?? 0) > draft.baseFormVersion });
  }, [storageKey, editable, saved, record?.formVersion]);

  const restore = () => {
    if (!offer) return;
    for (const s of offer.sections) {
      unsaved.current[s] = offer.draft.sections[s];
      localCopy.current[s] = offer.draft.sections[s];
    }
    updateDirty();
    setSection(offer.sections.find((s) => creating ? s === FIRST_SECTION : sectionOpen(s, saved)) ?? FIRST_SECTION);
    setFormToken((t) => t + 1);
    setOffer(null);
    refreshMeter();
  };
  const discard = () => {
    removeDraft(storageKey);
    setOffer(null);
  };

  const leaveDialog = useLeaveGuard(dirty.length > 0, allowNavigation, () => removeDraft(storageKey));

  const isOpen = (target: SectionKey) => (creating ? target === FIRST_SECTION : sectionOpen(target, saved));
  const open = useCallback(
    (target: SectionKey) => {
      setSection(target);
      window.scrollTo({ top: 0 });
    },
    [],
  );

  const afterSave = useCallback(
    (target: SectionKey, data: RaRecord) => {
      queryClient.setQueryData(['projects', 'getOne', { id: String(data.id), meta: undefined }], data);
      delete unsaved.current[target];
      delete localCopy.current[target];
      updateDirty();
      persist();
      // The section as saved has passed the format checks; what 提交 said about it is for the next 提交 to say again.
      setProblems((found) => found.filter((p) => sectionOfProblem(p) !== target));
    },
    [queryClient, updateDirty, persist],
  );

  const api: FormApi = useMemo(
    () => ({
      onValues(target, values, edited) {
        // react-hook-form also reports registrations and resets: only a real change of the values counts.
        const text = JSON.stringify(values);
        if (lastValues.current[target] === text) return;
        lastValues.current[target] = text;
        const changed = differsFromSaved(target, values, saved[target]);
        const was = unsaved.current[target] !== undefined;
        if (changed) {
          unsaved.current[target] = JSON.parse(JSON.stringify(values)) as Values;
          localCopy.current[target] = unsaved.current[target];
          clearTimeout(flushTimer.current);
          flushTimer.current = setTimeout(persist, 300);
        } else {
          delete unsaved.current[target];
          // Typed back to what is saved: nothing to keep. (A reset says nothing about what the user meant.)
          if (edited && localCopy.current[target] !== undefined) {
            delete localCopy.current[target];
            clearTimeout(flushTimer.current);
            flushTimer.current = setTimeout(persist, 300);
          }
        }
        if (changed !== was) updateDirty();
        refreshMeter();
      },
      async save(target, values, then) {
        const body = valuesToSave(target, values);
        if (creating) {
          const data = savedProject((await dataProvider.create('projects', { data: { [target]: body } })).data);
          delete unsaved.current[target];
          delete localCopy.current[target];
          updateDirty();
          removeDraft(storageKey);
          queryClient.setQueryData(['projects', 'getOne', { id: String(data.id), meta: undefined }], data);
          allowNavigation.current = true;
          // The project exists now: continue on its own page.
          navigate(`/projects/${encodeURIComponent(String(data.id))}`, { replace: true, state: { section: then ?? target } });
          return data;
        }
        const data = savedProject((await dataProvider.saveSection(projectId!, target, body)).data);
        afterSave(target, data);
        return data;
      },
      async submit() {
        // What is on screen elsewhere is what the user means to submit: save it first, in the order of the form.
        for (const other of SECTION_KEYS) {
          const values = unsaved.current[other];
          if (values === undefined) continue;
          try {
            const data = savedProject((await dataProvider.saveSection(projectId!, other, valuesToSave(other, values))).data);
            afterSave(other, data);
          } catch (error) {
            const details = ((error as HttpError).body as { details?: unknown } | undefined)?.details;
            if (Array.isArray(details) && details.length) setProblems(details as Problem[]);
            open(other);
            notify((error as Error).message, { type: 'error' });
            return;
          }
        }
        try {
          savedProject((await dataProvider.action('projects', projectId!, 'submit')).data);
          setProblems([]);
          removeDraft(storageKey);
          notify('app.form.submitted', { type: 'success' });
          allowNavigation.current = true;
          navigate('/projects');
        } catch (error) {
          const details = ((error as HttpError).body as { details?: unknown } | undefined)?.details;
          if (Array.isArray(details) && details.length) {
            setProblems(details as Problem[]);
            open(sectionOfProblem((details as Problem[])[0]!));
          }
          notify((error as Error).message, { type: 'error' });
        }
      },
      open,
    }),
    [saved, creating, dataProvider, projectId, storageKey, queryClient, navigate, afterSave, updateDirty, persist, refreshMeter, notify, open],
  );

  const tab = tabOf(section);
  const formRecord = useMemo(
    () => (unsaved.current[section] ?? saved[section] ?? {}) as RaRecord,
    // A new record from the server (after 暂存) or a restore mounts the section's values afresh; typing does not.
    [section, saved, formToken],
  );
  const required = useMemo(() => new Set((meter?.sections[section].required ?? []).map(formPath)), [meter, section]);
  const tabMeter = (sections: readonly SectionKey[]): Meter | null => {
    if (!meter || creating) return null;
    const parts = sections.map((s) => meter.sections[s]);
    if (sections.includes('contacts')) parts.push(meter.enterprise);
    return { required: parts.flatMap((m) => m.required), filled: parts.flatMap((m) => m.filled), problems: parts.flatMap((m) => m.problems) };
  };
  const serverCount = (sections: readonly SectionKey[]) => problems.filter((p) => sections.includes(sectionOfProblem(p))).length;

  return (
    <Box sx={{ mt: 1 }}>
      <Title title={record?.name ? `${translate('app.form.title')}：${record.name}` : translate(creating ? 'app.form.title_new' : 'app.form.title')} />
      <ProblemsPanel problems={problems} onOpen={open} />
      <ReturnReasonBanner record={record} />
      {creating && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.form.create_hint')}
        </Alert>
      )}
      {!editable && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.form.not_editable', { phase: record?.phaseLabel ?? record?.phase })}
        </Alert>
      )}
      {editable && !creating && meter && <CompletenessPanel meter={meter} onOpen={open} isOpen={isOpen} />}
      <Card>
        <Tabs value={tab.key} onChange={(_, key) => open(TABS.find((t) => t.key === key)!.sections[0])} variant="scrollable">
          {TABS.map((t) => (
            <Tab
              key={t.key}
              value={t.key}
              disabled={!isOpen(t.sections[0])}
              label={<TabLabel label={t.label} meter={editable ? tabMeter(t.sections) : null} testId={`meter-tab-${t.key}`} />}
              sx={serverCount(t.sections) ? { color: 'error.main' } : undefined}
            />
          ))}
        </Tabs>
        {tab.sections.length > 1 && (
          <Tabs value={section} onChange={(_, key) => open(key)} sx={{ px: 2, borderBottom: 1, borderColor: 'divider' }} textColor="secondary" indicatorColor="secondary">
            {tab.sections.map((s) => (
              <Tab
                key={s}
                value={s}
                disabled={!isOpen(s)}
                label={<TabLabel label={SECTION_LABELS[s]} meter={editable ? tabMeter([s]) : null} testId={`meter-section-${s}`} />}
                sx={{ minHeight: 40 }}
              />
            ))}
          </Tabs>
        )}
        <CardContent>
          {section === 'contacts' && <EnterpriseInfoView enterprise={record?.enterprise} />}
          {section === 'contacts' && (
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              {SECTION_LABELS.contacts}
            </Typography>
          )}
          {section === 'materials' ? (
            <MaterialsPanel
              record={record}
              editable={editable}
              onChanged={(data) => afterSave('materials', data)}
              problems={meter?.sections.materials.problems ?? []}
            />
          ) : !editable ? (
            <SectionView section={section} values={saved[section]} />
          ) : (
            <Form
              key={`${section}:${formToken}`}
              record={formRecord}
              resolver={draftResolver(section)}
              onSubmit={() => undefined}
              disableInvalidFormNotification
            >
              <SectionFields section={section} required={required} />
              <ValuesKeeper section={section} api={api} />
              <ServerProblems problems={problemsOf(section, problems)} />
              <SectionToolbar section={section} api={api} creating={creating} />
            </Form>
          )}
          {section === LAST_SECTION && editable && !creating && (
            // 提交 from the last tab even when its own values are already saved.
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {dirty.length ? translate('app.form.unsaved_sections', { sections: dirty.map((s) => SECTION_LABELS[s]).join('、') }) : ''}
            </Typography>
          )}
        </CardContent>
      </Card>
      {dirty.length > 0 && section !== LAST_SECTION && (
        <Typography variant="body2" color="warning.main" sx={{ mt: 1 }} data-testid="unsaved-sections">
          {translate('app.form.unsaved_sections', { sections: dirty.map((s) => SECTION_LABELS[s]).join('、') })}
        </Typography>
      )}
      <RestoreDialog offer={offer} onRestore={restore} onDiscard={discard} />
      {leaveDialog}
    </Box>
  );
}

export function ProjectEdit() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const { data: record, isPending, error } = useGetOne('projects', { id });
  if (isPending) return <Loading />;
  if (isNotAllowed(error)) return <NotAllowed />;
  if (error || !record) return <Alert severity="error">{(error as Error)?.message ?? translate('ra.page.not_found')}</Alert>;
  return <ProjectForm key={String(record.id)} record={record} />;
}

/** 新增项目: the empty form; nothing exists on the server until the first 暂存 of 项目情况. */
export function ProjectCreate() {
  return <ProjectForm />;
}
