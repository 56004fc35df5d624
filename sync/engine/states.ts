/**
 * The engine's run states as the UI shows them (main/contract SyncState), with the plain-French
 * sentence for each situation.
 */
import type { SyncState } from '../../common/domain';
import { CAUSE_MESSAGES, type FailureCause } from '../client/causes';

export type EngineRunState = SyncState['state'];

export function describeState(
  state: EngineRunState,
  queued: number,
  cause?: FailureCause,
  current?: { index: number; total: number },
): SyncState {
  const online = state === 'idle' || state === 'uploading' || state === 'backoff';
  let detail: string | undefined;
  if (state === 'offline' || state === 'blocked') detail = cause ? CAUSE_MESSAGES[cause] : undefined;
  else if (state === 'backoff')
    detail = cause
      ? `${CAUSE_MESSAGES[cause]} ${queued} dossier(s) en attente d’un nouvel essai.`
      : `${queued} dossier(s) en attente d’un nouvel essai.`;
  else if (state === 'uploading')
    detail = current
      ? `Envoi des dossiers au système central (${queued} en file).`
      : 'Envoi des dossiers au système central.';
  else if (queued === 0) detail = 'Tous les dossiers ont été transmis au système central.';
  return { state, online, queued, ...(detail ? { detail } : {}) };
}

/** Failures about the station (certificates) that retrying cannot fix: the engine is blocked. */
export const BLOCKING_CAUSES: ReadonlySet<FailureCause> = new Set([
  'server-certificate-refused',
  'station-certificate-refused',
]);
