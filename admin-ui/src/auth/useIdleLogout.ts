import { useEffect } from 'react';
import { useLogout, useNotify } from 'ra-core';
import { session } from '../providers/session';

const ACTIVITY_EVENTS = ['mousedown', 'mousemove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
const RECORD_EVERY_MS = 10_000;
const CHECK_EVERY_MS = 30_000;

/**
 * Signs the user out after 30 minutes without mouse, keyboard or touch activity (SPEC §5). Activity is
 * recorded in sessionStorage, so checkAuth also refuses a session left idle while the machine slept.
 * Background requests (the unread count) do not count as activity.
 */
export function useIdleLogout(): void {
  const logout = useLogout();
  const notify = useNotify();
  useEffect(() => {
    let lastRecorded = 0;
    const check = () => {
      if (session.getToken() && session.isIdle()) {
        notify('app.session.idle_logout', { type: 'warning' });
        void logout();
      }
    };
    const onActivity = () => {
      const now = Date.now();
      if (now - lastRecorded < RECORD_EVERY_MS) return;
      // Coming back after the limit does not revive the session (timers may not have run in a background tab).
      if (session.isIdle(now)) return check();
      lastRecorded = now;
      session.touch(now);
    };
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, onActivity, { passive: true });
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, CHECK_EVERY_MS);
    return () => {
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, onActivity);
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [logout, notify]);
}
