/**
 * In-process publish/subscribe for contract events. Every payload is validated against the contract
 * before it is delivered, so transports (IPC, WebSocket) forward only well-formed events.
 */
import { type EventName, type EventPayload, events } from '../contract/api';

type AnyListener = (event: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(event, parsed);
      } catch {
        // one failing transport must not starve the others
      }
    }
  }

  /** Receives every event (transports forward them all); returns an unsubscribe function. */
  subscribeAll(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.subscribeAll((name, payload) => {
      if (name === event) listener(payload as EventPayload<E>);
    });
  }
}
