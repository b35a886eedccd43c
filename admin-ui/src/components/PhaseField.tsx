import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'ra-core';
import { CLOSED_PHASES, type Phase } from '../../../domain/phases';

/** A project's phase as its Chinese label (phases.* from PHASE_LABELS). */
export function PhaseField({ source = 'phase' }: { source?: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const phase = record?.[source] as Phase | undefined;
  if (!phase) return null;
  const color = phase === 'listed' ? 'success' : CLOSED_PHASES.includes(phase) ? 'default' : 'primary';
  return <Chip size="small" variant="outlined" color={color} label={translate(`phases.${phase}`, { _: phase })} />;
}
