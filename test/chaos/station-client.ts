/**
 * A typed station API client over the browser-mode WebSocket, the way the UI reaches the core:
 * token from the `ui <url>` line, Origin set to the UI's own origin. Responses are validated by
 * the contract's client; a request that gets no answer within its timeout fails (HOST_UNAVAILABLE).
 */
import WebSocket from 'ws';
import type { StationApi } from '../../main/contract/api';
import { createStationClient } from '../../main/contract/client';

export interface StationSocket {
  readonly api: StationApi;
  readonly open: boolean;
  close(): void;
}

export function connectStation(uiUrl: string, timeoutMs = 30_000): Promise<StationSocket> {
  const url = new URL(uiUrl);
  const token = url.searchParams.get('token') ?? '';
  const socketUrl = `${url.origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl, { origin: url.origin });
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let sink: ((event: string, payload: unknown) => void) | undefined;
    let nextId = 1;
    const failAll = (why: string) => {
      for (const waiter of pending.values()) waiter.reject(new Error(why));
      pending.clear();
    };
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        result?: unknown;
        event?: string;
        payload?: unknown;
      };
      if (frame.type === 'response' && frame.id !== undefined) {
        pending.get(frame.id)?.resolve(frame.result);
        pending.delete(frame.id);
      } else if (frame.type === 'event' && frame.event) sink?.(frame.event, frame.payload);
    });
    socket.on('close', () => failAll('socket closed'));
    socket.once('error', (error) => {
      failAll(String(error));
      reject(error);
    });
    socket.once('open', () => {
      const api = createStationClient({
        request(command, payload) {
          if (socket.readyState !== socket.OPEN) return Promise.reject(new Error('socket not open'));
          const id = nextId++;
          return new Promise((resolveRequest, rejectRequest) => {
            const timer = setTimeout(() => {
              pending.delete(id);
              rejectRequest(new Error(`${command} timed out`));
            }, timeoutMs);
            pending.set(id, {
              resolve: (value) => {
                clearTimeout(timer);
                resolveRequest(value);
              },
              reject: (error) => {
                clearTimeout(timer);
                rejectRequest(error);
              },
            });
            socket.send(JSON.stringify({ type: 'request', id, command, payload }));
          });
        },
        onEvent(listener) {
          sink = listener;
          return () => {
            sink = undefined;
          };
        },
      });
      resolve({
        api,
        get open() {
          return socket.readyState === socket.OPEN;
        },
        close: () => socket.terminate(),
      });
    });
  });
}

/**
 * Opens a session with the simulated card of `role` (demo PIN 1234): every command but
 * `station.info`, `station.health` and `session.*` needs one, and diagnostics need a technician.
 */
export async function signInSimulated(
  api: StationApi,
  role: 'agent' | 'agent-certificateur' | 'technicien' = 'technicien',
): Promise<void> {
  const inserted = await api.invoke('session.simulateCard', { card: role });
  if (!inserted.ok) throw new Error(`simulated ${role} card refused: ${inserted.error.message}`);
  const opened = await api.invoke('session.signIn', { pin: '1234' });
  if (!opened.ok || !opened.value.ok)
    throw new Error(`${role} session not opened: ${opened.ok ? opened.value.message : opened.error.message}`);
}
