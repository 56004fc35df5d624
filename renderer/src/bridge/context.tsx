/** React access to the station: the provider and the hooks that features use (never window.station). */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  DeviceStatus,
  HostStatus,
  Result,
  StationInfo,
  SyncState,
} from '../../../main/contract';
import type { ConnectedStation } from './connect';
import type { ConnectionState } from './websocket-transport';

const StationContext = createContext<ConnectedStation | null>(null);

export function StationProvider({ station, children }: { station: ConnectedStation; children: ReactNode }) {
  return <StationContext.Provider value={station}>{children}</StationContext.Provider>;
}

function useStation(): ConnectedStation {
  const station = useContext(StationContext);
  if (!station) throw new Error('StationProvider missing');
  return station;
}

/** A stable `invoke` (the same function across renders, so effects that use it do not restart). */
export function useCommand() {
  const { api } = useStation();
  return useCallback(
    <C extends CommandName>(command: C, request: CommandRequest<C>): Promise<Result<CommandResponse<C>>> =>
      api.invoke(command, request),
    [api],
  );
}

/** The station's event stream (for features that follow more than one list). */
export function useStationEvents() {
  return useStation().api;
}

export function useConnectionState(): ConnectionState {
  const station = useStation();
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => station.onConnection(setState), [station]);
  return state;
}

/** Loads once (and again after each reconnection), then follows the matching events. */
function useLiveList<T extends { id?: string; host?: string }>(
  load: () => Promise<Result<T[]>>,
  subscribe: (apply: (item: T) => void) => () => void,
  key: (item: T) => string,
): T[] | undefined {
  const connection = useConnectionState();
  const [items, setItems] = useState<T[] | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on reconnection only
  useEffect(() => {
    if (connection !== 'open') return;
    let cancelled = false;
    void load().then((result) => {
      if (!cancelled && result.ok) setItems(result.value);
    });
    const unsubscribe = subscribe((item) =>
      setItems((current) => {
        const list = current ?? [];
        const index = list.findIndex((x) => key(x) === key(item));
        if (index < 0) return [...list, item];
        const next = [...list];
        next[index] = item;
        return next;
      }),
    );
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [connection]);
  return items;
}

export function useDevices(): DeviceStatus[] | undefined {
  const { api } = useStation();
  return useLiveList(
    () => api.invoke('devices.list', {}),
    (apply) => api.subscribe('device.status', apply),
    (d) => d.id,
  );
}

/** The hosts' supervision status, from `station.health`: open, so the banner shows on the sign-in screen too. */
export function useHosts(): HostStatus[] | undefined {
  const { api } = useStation();
  return useLiveList(
    async () => {
      const health = await api.invoke('station.health', {});
      return health.ok ? { ok: true, value: health.value.hosts } : health;
    },
    (apply) => api.subscribe('host.status', apply),
    (h) => h.host,
  );
}

export function useStationInfo(): StationInfo | undefined {
  const { api } = useStation();
  const connection = useConnectionState();
  const [info, setInfo] = useState<StationInfo | undefined>();
  useEffect(() => {
    if (connection !== 'open') return;
    void api.invoke('station.info', {}).then((r) => r.ok && setInfo(r.value));
  }, [api, connection]);
  return info;
}

export function useSyncState(): SyncState | undefined {
  const { api } = useStation();
  const connection = useConnectionState();
  const [state, setState] = useState<SyncState | undefined>();
  useEffect(() => {
    if (connection !== 'open') return;
    void api.invoke('sync.status', {}).then((r) => r.ok && setState(r.value));
    return api.subscribe('sync.state', setState);
  }, [api, connection]);
  return state;
}
