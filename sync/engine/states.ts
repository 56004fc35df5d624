/**
 * The engine's run states as the UI shows them (main/contract SyncState), with the plain-French
 * sentence for each situation. Offline, the sentence says for how long and how many dossiers
 * wait ("Connexion au système central perdue depuis 12 min — 8 dossiers en attente."), then why.
 */
import type { SyncState } from '../../common/domain';
import { CAUSE_MESSAGES, type FailureCause } from '../client/causes';

export type EngineRunState = SyncState['state'];

/** "moins d’une minute", "12 min", "2 h 05", "3 jours": how long, for the agent. */
export function frenchDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'moins d’une minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')}`;
  const days = Math.floor(hours / 24);
  return `${days} jour${days > 1 ? 's' : ''}`;
}

const waiting = (queued: number) =>
  queued === 0 ? 'aucun dossier en attente' : `${queued} dossier${queued > 1 ? 's' : ''} en attente`;

export function describeState(
  state: EngineRunState,
  queued: number,
  cause?: FailureCause,
  context: { offlineForMs?: number } = {},
): SyncState {
  const online = state === 'idle' || state === 'uploading' || state === 'backoff';
  let detail: string | undefined;
  if (state === 'offline')
    detail = `Connexion au système central perdue depuis ${frenchDuration(context.offlineForMs ?? 0)} — ${waiting(queued)}.${cause ? ` ${CAUSE_MESSAGES[cause]}` : ''}`;
  else if (state === 'blocked') detail = cause ? CAUSE_MESSAGES[cause] : undefined;
  else if (state === 'backoff')
    detail = cause
      ? `${CAUSE_MESSAGES[cause]} ${queued} dossier(s) en attente d’un nouvel essai.`
      : `${queued} dossier(s) en attente d’un nouvel essai.`;
  else if (state === 'uploading') detail = 'Envoi des dossiers au système central.';
  else if (queued === 0) detail = 'Tous les dossiers ont été transmis au système central.';
  return { state, online, queued, ...(detail ? { detail } : {}) };
}

/** Failures about the station (certificates) that retrying cannot fix: the engine is blocked. */
export const BLOCKING_CAUSES: ReadonlySet<FailureCause> = new Set([
  'server-certificate-refused',
  'station-certificate-refused',
]);
