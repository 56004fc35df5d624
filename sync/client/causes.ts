/**
 * Why a delivery failed, in the vocabulary the engine, the outbox (`last_error_cause`,
 * `park_cause`) and the UI share, with the plain-French explanation shown to the agent.
 * `scope` says whom the failure is about: the station (network, certificates: the next dossier
 * would fail the same way, so the engine stops and waits) or this dossier (retry it later, park
 * it when it keeps failing or when the central system refuses it for good).
 */

export type FailureCause =
  | 'central-unreachable'
  | 'central-busy'
  | 'connection-lost'
  | 'server-certificate-refused'
  | 'station-certificate-refused'
  | 'server-error'
  | 'transfer-corrupted'
  | 'rejected'
  | 'conflict'
  | 'receipt-invalid'
  | 'blob-corrupt'
  | 'protocol-error'
  | 'syncer-busy';

export type FailureScope = 'station' | 'dossier';

export const CAUSE_MESSAGES: Record<FailureCause, string> = {
  'central-unreachable':
    'Système central injoignable : les dossiers restent en file d’attente et partiront dès le retour du réseau.',
  'central-busy':
    'Le système central est momentanément surchargé : l’envoi reprendra automatiquement à l’heure qu’il a indiquée.',
  'connection-lost': 'Connexion interrompue pendant l’envoi : l’envoi reprendra là où il s’est arrêté.',
  'server-certificate-refused':
    'Certificat du système central non reconnu : connexion refusée par sécurité. Contactez l’assistance.',
  'station-certificate-refused':
    'Certificat du poste refusé par le système central (expiré, révoqué ou inconnu). Contactez l’assistance.',
  'server-error': 'Le système central a rencontré une erreur : nouvel essai automatique.',
  'transfer-corrupted': 'Dossier altéré pendant le transfert : il sera renvoyé.',
  rejected: 'Dossier refusé par le système central : il est mis de côté pour examen.',
  conflict:
    'Un autre dossier porte déjà cet identifiant au système central : il est mis de côté pour examen.',
  'receipt-invalid':
    'Accusé de réception du système central invalide : le dossier est conservé et sera renvoyé.',
  'blob-corrupt': 'Copie chiffrée du dossier illisible sur ce poste : il est mis de côté pour examen.',
  'protocol-error': 'Réponse inattendue du système central : nouvel essai automatique.',
  'syncer-busy':
    'Une autre synchronisation est déjà en cours sur ce poste : les dossiers partiront avec elle.',
};

/** Causes the outbox itself records (startup recovery, an operator's requeue), in the same plain French. */
const OUTBOX_CAUSE_MESSAGES: Record<string, string> = {
  interrupted: 'Envoi interrompu par un arrêt du poste : il reprendra automatiquement.',
  requeued: 'Remis en file d’envoi : il partira au prochain envoi.',
  'blob-missing':
    'Copie chiffrée du dossier absente de ce poste : il est mis de côté pour examen. Contactez l’assistance.',
};

/**
 * The agent's sentence for a cause stored in the outbox (`last_error_cause`, `park_cause`; a cause
 * may carry a technical suffix, `rejected:bad-signature`). The stored technical message is for the
 * CLI and the log, never for the screen.
 */
export function outboxCauseMessage(cause: string | null | undefined): string {
  const base = (cause ?? '').split(':')[0] ?? '';
  if (Object.hasOwn(CAUSE_MESSAGES, base)) return CAUSE_MESSAGES[base as FailureCause];
  if (Object.hasOwn(OUTBOX_CAUSE_MESSAGES, base)) return OUTBOX_CAUSE_MESSAGES[base]!;
  return 'Échec de l’envoi : nouvel essai automatique. Si cela persiste, contactez l’assistance.';
}

export class DeliveryFailure extends Error {
  constructor(
    readonly reason: FailureCause,
    readonly scope: FailureScope,
    /** false: the central system will never accept this dossier as it is (park it now). */
    readonly retryable: boolean,
    detail: string,
    readonly status?: number,
    /** The central's Retry-After (503/429), ms: wait that long, whatever the back-off says. */
    readonly retryAfterMs?: number,
  ) {
    super(detail);
    this.name = 'DeliveryFailure';
  }

  /** French explanation for the agent. */
  get explanation(): string {
    return CAUSE_MESSAGES[this.reason];
  }
}
