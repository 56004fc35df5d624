/**
 * The one way the renderer turns a contract error into text: the code's French message (the
 * producer's own sentence, or the catalog's when it has none) followed by its short reference
 * (`Réf. E-QUEUE-REFUSED-7F3A2C1B`), which a technician looks up in docs/errors.md and, by its
 * incident id, on the diagnostics screen and in the log. Instructions to the agent (place a finger)
 * carry no reference. No raw error text (an exception's message, a stack) is ever shown: a test
 * over renderer/src checks that every error on screen goes through here.
 */
import { type ErrorPayload, errorCatalog, errorReference, type SyncState } from '../../../main/contract';

export function errorText(error: ErrorPayload): string {
  const entry = errorCatalog[error.code];
  const message = error.message.trim() || entry.message;
  if (entry.instruction) return message;
  const sentence = /[.!?…]$/.test(message) ? message : `${message}.`;
  return `${sentence} Réf. ${errorReference(error)}`;
}

/** The sync state's sentence: its problem as an error (with its reference) or its plain detail. */
export function syncDetailText(state: SyncState): string | undefined {
  return state.problem ? errorText(state.problem) : state.detail;
}
