/**
 * The sync host's error translation: what its outbox, keys, drafts vault and embedded central
 * server can raise becomes a contract code with a French message saying what to do. A full disk
 * at submission is `QUEUE_REFUSED` (the dossier was not queued, the draft is kept); a station whose
 * outbox or keys could not be opened at start is `SYNC_UNAVAILABLE`, with the cause in French (a
 * port already in use, a wrong passphrase, a corrupt database...). The original error rides as the
 * cause, so its technical detail reaches the core's log and the diagnostics screen, never the agent.
 */
import { StationError } from '../../common/errors';
import { SyncMaterialError } from '../config/material';
import { StationFileError } from '../config/station-file';
import { KeyProtectionError } from '../crypto/key-protector';
import { DiskSpaceError } from '../store';
import { isNoSpaceError } from '../store/disk-space';
import { MigrationError } from '../store/migrate';

export const syncHostMessages = {
  diskFull:
    'Espace disque insuffisant : l’enregistrement a échoué, disque plein. Rien n’a été perdu ; libérez de l’espace ou contactez l’assistance.',
  portInUse:
    'le port du système central de démonstration est déjà utilisé (un autre poste tourne peut-être sur cette machine). Arrêtez l’autre poste : la synchronisation reprend d’elle-même dès que le port est libre.',
  accessDenied:
    'le poste n’a pas le droit de lire ou d’écrire ses fichiers de données. Contactez l’assistance (droits du dossier de données).',
  diskFullAtStart:
    'espace disque insuffisant pour ouvrir la file d’envoi. Libérez de l’espace, puis redémarrez le processus de synchronisation depuis le diagnostic.',
  passphrase:
    'la phrase secrète qui protège la clé du poste est absente ou incorrecte. Contactez l’assistance.',
  keychain:
    'le trousseau du système qui protège la clé du poste est indisponible. Redémarrez le poste ; si cela persiste, contactez l’assistance.',
  keyFile: 'le fichier de clé du poste est absent ou illisible. Faites réenrôler le poste (recueil enroll).',
  material:
    'les certificats ou les clés du poste sont illisibles ou ne correspondent pas à ce poste. Faites réenrôler le poste (recueil enroll) ou contactez l’assistance.',
  configuration:
    'la configuration du poste est invalide (recueil config check nomme la clé en cause). Contactez l’assistance.',
  centralConfiguration:
    'la configuration du système central de démonstration est invalide. Refaites-la (recueil demo init) ou contactez l’assistance.',
  database:
    'la base de la file d’envoi est illisible ou d’une version plus récente. Contactez l’assistance : les dossiers chiffrés déjà en file sont conservés.',
  other:
    'la file d’envoi du poste n’a pas pu être ouverte. Redémarrez le processus de synchronisation depuis le diagnostic ; si cela persiste, contactez l’assistance.',
} as const;

const systemCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** The French cause (after "Synchronisation indisponible : ") of a failure to open the station. */
function startupCause(error: unknown): string {
  const code = systemCode(error);
  if (code === 'EADDRINUSE') return syncHostMessages.portInUse;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return syncHostMessages.accessDenied;
  if (error instanceof DiskSpaceError || isNoSpaceError(error)) return syncHostMessages.diskFullAtStart;
  if (error instanceof KeyProtectionError) {
    if (error.code.startsWith('passphrase')) return syncHostMessages.passphrase;
    if (error.code.startsWith('keychain')) return syncHostMessages.keychain;
    return syncHostMessages.keyFile;
  }
  if (error instanceof SyncMaterialError) return syncHostMessages.material;
  if (error instanceof StationFileError) return syncHostMessages.configuration;
  // The reference central server is its own program: recognised by name, never imported for this.
  if (error instanceof Error && error.name === 'CentralConfigError')
    return syncHostMessages.centralConfiguration;
  if (error instanceof MigrationError || (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)))
    return syncHostMessages.database;
  return syncHostMessages.other;
}

/** A failure to open the station at start, as the `SYNC_UNAVAILABLE` error every later call answers. */
export function startupFailure(error: unknown): StationError {
  return new StationError(
    'SYNC_UNAVAILABLE',
    `Synchronisation indisponible : ${startupCause(error)}`,
    undefined,
    {
      cause: error,
    },
  );
}

/** The contract error for `error`, or `error` itself when it is already one (or unknown: INTERNAL). */
export function translateSyncHostError(error: unknown): unknown {
  if (error instanceof StationError) return error;
  if (error instanceof DiskSpaceError)
    return new StationError(
      'QUEUE_REFUSED',
      error.message,
      error.freeBytes === undefined ? undefined : { freeBytes: error.freeBytes },
      { cause: error },
    );
  if (isNoSpaceError(error))
    return new StationError('QUEUE_REFUSED', syncHostMessages.diskFull, undefined, { cause: error });
  if (error instanceof KeyProtectionError) return startupFailure(error);
  return error;
}
