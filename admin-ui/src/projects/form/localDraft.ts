/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * The browser's copy of what was typed and not yet saved (issue 12.1: a crash, a closed tab or an expired session
 * loses nothing). Kept in localStorage — unlike the session, it must outlive the tab — under the signed-in user and
 * the project ('new' before the first 暂存 creates it), and offered back as “恢复未保存的内容?” the next time the form
 * opens. Removed once everything is saved, when the user declines it, and after DRAFT_MAX_AGE_MS.
 */
import type { SectionKey } from '../../../../domain/form';

export const DRAFT_PREFIX = 'factory5g.unsaved';
/** A copy older than this is dropped instead of offered (the form has surely moved on). */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 3600_000;

export interface LocalDraft {
  /** ISO instant of the last change. */
  savedAt: string;
  /** The form version the edits were made on (the server's formVersion then; 0 for a new project). */
  baseFormVersion: number;
  /** Unsaved values by section, as the form held them. */
  sections: Partial<Record<SectionKey, any>>;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function store(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: the form still works, without the crash copy
  }
}

export function draftKey(userId: string, projectId: string | undefined): string {
  return `${DRAFT_PREFIX}.${userId}.${projectId ?? 'new'}`;
}

export function readDraft(key: string, now = Date.now(), storage: Store | null = store()): LocalDraft | null {
  const raw = storage?.getItem(key);
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as LocalDraft;
    const age = now - Date.parse(draft.savedAt);
    if (!draft.sections || typeof draft.sections !== 'object' || !(age < DRAFT_MAX_AGE_MS)) {
      storage?.removeItem(key);
      return null;
    }
    return Object.keys(draft.sections).length ? draft : null;
  } catch {
    storage?.removeItem(key);
    return null;
  }
}

/** Write the unsaved sections; an empty set removes the copy. A full storage keeps the old copy rather than fail. */
export function writeDraft(key: string, draft: LocalDraft, storage: Store | null = store()): void {
  if (!storage) return;
  if (Object.keys(draft.sections).length === 0) {
    storage.removeItem(key);
    return;
  }
  try {
    storage.setItem(key, JSON.stringify(draft));
  } catch {
    // QuotaExceededError: nothing more can be done in the browser
  }
}

export function removeDraft(key: string, storage: Store | null = store()): void {
  storage?.removeItem(key);
}

/** Move the copy of a new project to its id once the first 暂存 has created it. */
export function moveDraft(from: string, to: string, storage: Store | null = store()): void {
  const raw = storage?.getItem(from);
  if (!storage || !raw) return;
  try {
    storage.setItem(to, raw);
  } catch {
    return;
  }
  storage.removeItem(from);
}
