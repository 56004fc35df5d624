/**
 * Reports the agent's activity (keyboard, pointer, touch, wheel) to the station so that the idle
 * lock is postponed: at most one `session.activity` per interval while a session is open.
 */
import { useEffect, useRef } from 'react';
import { useCommand } from '../../bridge/context';

const activityEvents = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

export function useActivityReporter(active: boolean, idleLockMinutes: number): void {
  const invoke = useCommand();
  const last = useRef(0);
  useEffect(() => {
    if (!active) return;
    // A quarter of the idle time, at most 15 s: the lock can never overtake a busy agent.
    const interval = Math.min(15_000, (idleLockMinutes * 60_000) / 4);
    const report = () => {
      const now = Date.now();
      if (now - last.current < interval) return;
      last.current = now;
      void invoke('session.activity', {});
    };
    for (const name of activityEvents)
      window.addEventListener(name, report, { passive: true, capture: true });
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, report, { capture: true });
    };
  }, [active, idleLockMinutes, invoke]);
}
