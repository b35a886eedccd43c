/**
 * 历史记录 for people (issue 11.6): a run of 暂存 by the same person on the same day reads as one entry, "暂存 ×18",
 * whose diff (the version before the run → the last one) is one click away; every other entry stays as it was.
 */
import { beijingDate } from '../../../domain/time';

export interface HistoryEntry {
  seq?: number | null;
  action: string;
  actionLabel: string;
  actorName?: string | null;
  actorRoleLabel?: string | null;
  at: string;
  reason?: string | null;
  fromPhaseLabel?: string | null;
  toPhaseLabel?: string | null;
  /** The version a 暂存 saved (null for other entries and for history written before versions were kept). */
  formVersion?: number | null;
}

export type HistoryItem =
  | { kind: 'event'; entry: HistoryEntry }
  | { kind: 'saves'; count: number; first: HistoryEntry; last: HistoryEntry; fromVersion: number | null; toVersion: number | null };

function sameRun(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.action === 'save' && b.action === 'save' && a.actorName === b.actorName && beijingDate(a.at) === beijingDate(b.at);
}

/** In the order given (oldest first); a single 暂存 is a run of one, so it has its diff link too. */
export function collapseSaves(history: readonly HistoryEntry[]): HistoryItem[] {
  const items: HistoryItem[] = [];
  for (const entry of history) {
    const previous = items[items.length - 1];
    if (previous?.kind === 'saves' && sameRun(previous.last, entry)) {
      items[items.length - 1] = { ...previous, count: previous.count + 1, last: entry, toVersion: entry.formVersion ?? previous.toVersion };
    } else if (entry.action === 'save') {
      const version = entry.formVersion ?? null;
      items.push({ kind: 'saves', count: 1, first: entry, last: entry, fromVersion: version === null ? null : version - 1, toVersion: version });
    } else {
      items.push({ kind: 'event', entry });
    }
  }
  return items;
}
