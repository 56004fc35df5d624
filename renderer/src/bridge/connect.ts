/**
 * The only reader of `window.station`. Under Electron the preload exposes it; in browser mode this
 * module builds the same API over the loopback WebSocket, with automatic reconnection. The window the
 * station opens holds a session cookie (from its one-time launch URL, main/bridge/server.ts); a URL
 * with the per-launch token (`ui <url>`, tests) gives the token, kept in sessionStorage and removed
 * from the address bar.
 */
import { createStationClient, type StationApi } from '../../../main/contract';
import { type ConnectionState, createWebSocketTransport } from './websocket-transport';

declare global {
  interface Window {
    station?: StationApi;
  }
}

export interface ConnectedStation {
  api: StationApi;
  /** Transport state, for the "connexion perdue" banner; Electron IPC is always connected. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

const tokenKey = 'recueil.session-token';

function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(tokenKey);
}

export function connectStation(): ConnectedStation {
  if (window.station) {
    const api = window.station;
    const onConnection = (listener: (state: ConnectionState) => void) => {
      listener('open');
      return () => {};
    };
    return { api, onConnection };
  }
  const token = takeToken();
  const wsUrl = `${window.location.origin.replace(/^http/, 'ws')}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const transport = createWebSocketTransport(wsUrl);
  const api = createStationClient(transport);
  window.station = api;
  return { api, onConnection: transport.onState };
}
