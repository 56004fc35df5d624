/**
 * The agent session in the renderer: the current `SessionView` (loaded on each connection, then
 * followed through `session.state` events) shared by the frame and the session screens.
 */
import './session.css';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { SessionView } from '../../../../main/contract';
import { useCommand, useConnectionState, useStationEvents } from '../../bridge/context';

const SessionContext = createContext<SessionView | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const invoke = useCommand();
  const events = useStationEvents();
  const connection = useConnectionState();
  const [view, setView] = useState<SessionView>();
  useEffect(() => {
    if (connection !== 'open') return;
    let cancelled = false;
    const stop = events.subscribe('session.state', (next) => {
      cancelled = true; // a live event is newer than the status being loaded
      setView(next);
    });
    void invoke('session.status', {}).then((r) => {
      if (!cancelled && r.ok) setView(r.value);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [invoke, events, connection]);
  return <SessionContext.Provider value={view}>{children}</SessionContext.Provider>;
}

/** The session as last known; undefined while it is being loaded. */
export function useSession(): SessionView | undefined {
  return useContext(SessionContext);
}

export function isOpen(view: SessionView | undefined): boolean {
  return view?.state === 'open' || view?.state === 'idle-warning';
}
