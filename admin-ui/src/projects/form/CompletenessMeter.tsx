/**
 * Completeness before 提交 (issue 12.4): per tab and sub-tab, filled required fields / required fields and the number
 * of problems, from domain/form/completeness — the same check the API runs on 提交 — applied to what is on the
 * screen (saved values, with unsaved input as it would be saved). Recomputed shortly after typing stops; a section
 * whose values did not change is not checked again.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { Box, Button, Collapse, LinearProgress, Link, List, ListItem, Stack, Typography } from '@mui/material';
import { useTranslate, type RaRecord } from 'ra-core';
import { SECTION_KEYS, SECTION_LABELS, TABS, type SectionKey } from '../../../../domain/form';
import { enterpriseMeter, sectionMeter, type FormMeter, type Meter } from '../../../../domain/form/completeness';
import { formAsIfSaved, groupProblemsByTab, sectionOfProblem } from './formState';

export type { Meter, FormMeter };

const RECOMPUTE_AFTER_MS = 400;

function enterpriseOf(record: RaRecord | undefined): unknown {
  const enterprise = record?.enterprise as Record<string, unknown> | null | undefined;
  return enterprise && 'data' in enterprise && enterprise.data ? enterprise.data : (enterprise ?? {});
}

/** The meter of the form on screen; `refresh()` after a change. */
export function useFormMeter(
  record: RaRecord | undefined,
  saved: Partial<Record<SectionKey, unknown>>,
  unsaved: MutableRefObject<Partial<Record<SectionKey, unknown>>>,
): { meter: FormMeter | null; refresh: () => void } {
  const cache = useRef(new Map<string, { key: string; meter: Meter }>());
  const compute = useCallback((): FormMeter => {
    const sections = formAsIfSaved(saved, unsaved.current);
    const cached = (part: string, key: string, make: () => Meter) => {
      const hit = cache.current.get(part);
      if (hit && hit.key === key) return hit.meter;
      const meter = make();
      cache.current.set(part, { key, meter });
      return meter;
    };
    const bySection = Object.fromEntries(
      SECTION_KEYS.map((s) => {
        // 相关材料 also reads 项目情况's 实施阶段 (a 建设完成 project needs its 验收报告).
        const key = JSON.stringify(s === 'materials' ? [sections.materials, (sections.projectInfo as { stage?: unknown } | undefined)?.stage] : sections[s]);
        return [s, cached(s, key, () => sectionMeter(s, sections))];
      }),
    ) as Record<SectionKey, Meter>;
    const input = { enterprise: enterpriseOf(record), year: Number(record?.year ?? 0), eligibilityException: !!record?.eligibilityException };
    const enterprise = cached('enterprise', JSON.stringify(input), () => enterpriseMeter(input));
    return { sections: bySection, enterprise, problems: [...SECTION_KEYS.flatMap((s) => bySection[s].problems), ...enterprise.problems] };
  }, [record, saved, unsaved]);
  const [meter, setMeter] = useState<FormMeter | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // A new meter only when something in it changed: the screen re-renders for nothing otherwise.
  const shown = useRef('');
  const update = useCallback(() => {
    const next = compute();
    const key = JSON.stringify(next);
    if (key === shown.current) return;
    shown.current = key;
    setMeter(next);
  }, [compute]);
  useEffect(() => {
    // After the form has painted: the first check probes every section.
    const first = setTimeout(update, 0);
    return () => clearTimeout(first);
  }, [update]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(update, RECOMPUTE_AFTER_MS);
  }, [update]);
  return { meter, refresh };
}

/** Under a tab's name: “已填 12/14”, and the problem count in the tab's badge. */
export function MeterCaption({ meter, testId }: { meter: Meter; testId: string }) {
  const translate = useTranslate();
  const required = meter.required.length;
  const filled = meter.filled.length;
  return (
    <Typography
      component="span"
      variant="caption"
      color={meter.problems.length ? 'error' : 'success.main'}
      sx={{ display: 'block', lineHeight: 1.2 }}
      data-testid={testId}
      data-required={required}
      data-filled={filled}
      data-problems={meter.problems.length}
    >
      {translate('app.meter.caption', { filled, required })}
    </Typography>
  );
}

/** 提交前检查: the whole form's meter, with the problems by tab (each opens its tab). */
export function CompletenessPanel({
  meter,
  onOpen,
  isOpen,
}: {
  meter: FormMeter;
  onOpen: (section: SectionKey) => void;
  isOpen: (section: SectionKey) => boolean;
}) {
  const translate = useTranslate();
  const [expanded, setExpanded] = useState(false);
  const parts = [...SECTION_KEYS.map((s) => meter.sections[s]), meter.enterprise];
  const required = parts.reduce((n, m) => n + m.required.length, 0);
  const filled = parts.reduce((n, m) => n + m.filled.length, 0);
  const problems = meter.problems;
  const ready = problems.length === 0;
  return (
    <Box sx={{ mb: 2, p: 1.5, border: 1, borderColor: ready ? 'success.light' : 'warning.light', borderRadius: 1 }} data-testid="completeness">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {translate('app.meter.title')}
        </Typography>
        <LinearProgress variant="determinate" value={required ? (filled / required) * 100 : 100} sx={{ flex: 1, height: 8, borderRadius: 4 }} color={ready ? 'success' : 'warning'} />
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }} data-testid="completeness-summary">
          {ready ? translate('app.meter.ready', { filled, required }) : translate('app.meter.summary', { filled, required, count: problems.length })}
        </Typography>
        {!ready && (
          <Button size="small" onClick={() => setExpanded((e) => !e)}>
            {translate(expanded ? 'app.meter.hide' : 'app.meter.show')}
          </Button>
        )}
      </Stack>
      <Collapse in={expanded && !ready} unmountOnExit>
        <Box sx={{ maxHeight: 320, overflowY: 'auto', mt: 1 }} data-testid="meter-problems">
          {groupProblemsByTab(problems).map((group) => (
            <Box key={group.tabKey} sx={{ mb: 1 }}>
              <Typography variant="subtitle2">{group.tabLabel}</Typography>
              <List dense disablePadding>
                {group.problems.map((p, i) => {
                  const target = sectionOfProblem(p);
                  return (
                    <ListItem
                      key={i}
                      disablePadding
                      sx={{ pl: 2 }}
                      data-section={p.section}
                      data-path={p.path}
                      data-message={p.message}
                    >
                      <Link component="button" type="button" disabled={!isOpen(target)} onClick={() => onOpen(target)} underline="hover" color="inherit" sx={{ textAlign: 'left' }}>
                        {p.section === 'enterprise' ? translate('app.form.enterprise_problem') : SECTION_LABELS[p.section]}：{p.message}
                      </Link>
                    </ListItem>
                  );
                })}
              </List>
            </Box>
          ))}
        </Box>
      </Collapse>
    </Box>
  );
}

export const TAB_KEYS = TABS.map((t) => t.key);
