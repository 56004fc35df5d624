/**
 * Builds a `StationApi` over any raw transport (Electron IPC, loopback WebSocket, test fake) and
 * validates every response and event against the contract, so a renderer never trusts unchecked data.
 */

import { type Result, resultSchema } from '../../common/errors';
import {
  type CommandName,
  commands,
  type EventName,
  type EventPayload,
  events,
  type StationApi,
} from './api';

export interface RawStationTransport {
  request(command: string, payload: unknown): Promise<unknown>;
  /** Registers the single sink of every event; returns an unsubscribe function. */
  onEvent(sink: (event: string, payload: unknown) => void): () => void;
}

const responseSchemas = new Map(
  Object.entries(commands).map(([name, def]) => [name, resultSchema(def.response)] as const),
);

export function parseCommandResult(command: CommandName, raw: unknown): Result<unknown> {
  const schema = responseSchemas.get(command);
  if (!schema)
    return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Commande inconnue : ${command}` } };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as Result<unknown>;
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'Réponse du poste non conforme au contrat.', details: { command } },
  };
}

export function createStationClient(transport: RawStationTransport): StationApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  transport.onEvent((event, payload) => {
    const set = listeners.get(event as EventName);
    if (!set || set.size === 0) return;
    const parsed = events[event as EventName].safeParse(payload);
    if (!parsed.success) return; // a malformed event is dropped, never delivered
    for (const listener of set) listener(parsed.data);
  });
  return {
    async invoke(command, request) {
      try {
        const raw = await transport.request(command, request);
        return parseCommandResult(command, raw) as never;
      } catch {
        return {
          ok: false,
          error: {
            code: 'HOST_UNAVAILABLE',
            message: 'Le poste ne répond pas. Nouvelle tentative en cours…',
          },
        };
      }
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
