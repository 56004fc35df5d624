/**
 * Raw browser-mode transport: request/response frames over a WebSocket with reconnection.
 * Requests made while disconnected wait for the next connection (up to a timeout), so a restart of
 * the core shows a banner instead of failed screens.
 */
import type { RawStationTransport } from '../../../main/contract';
import { ServerFrame } from '../../../main/contract/wire';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WebSocketTransport extends RawStationTransport {
  onState(listener: (state: ConnectionState) => void): () => void;
}

const requestTimeoutMs = 15000;

export function createWebSocketTransport(url: string): WebSocketTransport {
  let socket: WebSocket | undefined;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: number }
  >();
  const queue: string[] = [];
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let eventSink: ((event: string, payload: unknown) => void) | undefined;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const open = () => {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      while (queue.length > 0) ws.send(queue.shift()!);
    };
    ws.onmessage = (message) => {
      let frame: ServerFrame;
      try {
        const parsed = ServerFrame.safeParse(JSON.parse(String(message.data)));
        if (!parsed.success) return;
        frame = parsed.data;
      } catch {
        return;
      }
      if (frame.type === 'event') {
        eventSink?.(frame.event, frame.payload);
        return;
      }
      const waiting = pending.get(frame.id);
      if (!waiting) return;
      pending.delete(frame.id);
      window.clearTimeout(waiting.timer);
      waiting.resolve(frame.result);
    };
    ws.onclose = () => {
      setState('closed');
      window.setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  open();

  return {
    request(command, payload) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'request', id, command, payload });
      return new Promise((resolve, reject) => {
        const timer = window.setTimeout(() => {
          pending.delete(id);
          reject(new Error('timeout'));
        }, requestTimeoutMs);
        pending.set(id, { resolve, reject, timer });
        if (state === 'open' && socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    onEvent(sink) {
      eventSink = sink;
      return () => {
        eventSink = undefined;
      };
    },
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
