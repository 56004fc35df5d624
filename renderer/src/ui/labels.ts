/** French labels for contract values (presentational only). */
import type {
  ApplicationReason,
  DeviceConnection,
  DeviceKind,
  HostName,
  HostRunState,
} from '../../../main/contract';

export const deviceKindLabel: Record<DeviceKind, string> = {
  fingerprint: 'Empreintes digitales',
  camera: 'Photographie',
  signature: 'Signature',
  'card-reader': 'Carte d’identité',
  'barcode-reader': 'Lecteur de codes 2D',
  'flatbed-scanner': 'Scanner à plat',
};

export const connectionLabel: Record<DeviceConnection, string> = {
  connected: 'Connecté',
  disconnected: 'Déconnecté',
  error: 'En défaut',
};

export const hostLabel: Record<HostName, string> = {
  device: 'Processus des périphériques',
  sync: 'Processus de synchronisation',
};

export const hostStateLabel: Record<HostRunState, string> = {
  starting: 'Démarrage',
  running: 'En service',
  restarting: 'Redémarrage en cours',
  failed: 'En échec',
  stopped: 'Arrêté',
};

export const applicationReasonLabel: Record<ApplicationReason, string> = {
  first: 'Première demande',
  renewal: 'Renouvellement (titre expiré ou bientôt)',
  loss: 'Perte',
  theft: 'Vol',
  change: 'Changement d’état civil ou d’adresse',
};
