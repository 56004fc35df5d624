/**
 * "Suivi des demandes": one status per dossier as the agent reads it — its status at the central
 * system once a message said it, else where it is in the station's queue — and the filters of the
 * screen (dossier number, status, age). Pure functions over the queue's items.
 */
import { type DossierStatus, dossierStatusLabels, type QueueItem } from '../../../../main/contract';

export type FollowUpStatus = DossierStatus | 'queued' | 'uploading' | 'sent' | 'parked';
export type Severity = 'info' | 'new' | 'success' | 'warning' | 'error';

export const followUpLabels: Readonly<Record<FollowUpStatus, { text: string; severity: Severity }>> = {
  queued: { text: 'En attente d’envoi', severity: 'info' },
  uploading: { text: 'En cours d’envoi', severity: 'new' },
  sent: { text: 'Transmis', severity: 'success' },
  parked: { text: 'Écarté', severity: 'error' },
  received: { text: dossierStatusLabels.received, severity: 'success' },
  instruction: { text: dossierStatusLabels.instruction, severity: 'info' },
  complement_requested: { text: dossierStatusLabels.complement_requested, severity: 'warning' },
  complement_received: { text: dossierStatusLabels.complement_received, severity: 'info' },
  title_produced: { text: dossierStatusLabels.title_produced, severity: 'info' },
  title_available: { text: dossierStatusLabels.title_available, severity: 'new' },
  handed_over: { text: dossierStatusLabels.handed_over, severity: 'success' },
  rejected: { text: dossierStatusLabels.rejected, severity: 'error' },
};

export const followUpStatuses = Object.keys(followUpLabels) as FollowUpStatus[];

export function followUpStatus(item: QueueItem): FollowUpStatus {
  if (item.centralStatus) return item.centralStatus;
  if (item.state === 'acknowledged' || item.state === 'purged') return 'sent';
  return item.state;
}

export const ages = {
  all: { text: 'Toutes', minDays: 0, maxDays: Number.POSITIVE_INFINITY },
  week: { text: 'Moins de 7 jours', minDays: 0, maxDays: 7 },
  month: { text: 'De 7 à 30 jours', minDays: 7, maxDays: 30 },
  older: { text: 'Plus de 30 jours', minDays: 30, maxDays: Number.POSITIVE_INFINITY },
} as const;
export type Age = keyof typeof ages;

export interface FollowUpFilter {
  /** Part of the dossier number, as typed (case, spaces and dashes ignored). */
  search: string;
  status: FollowUpStatus | '';
  age: Age;
}

const compact = (text: string) => text.toLowerCase().replace(/[\s-]/g, '');

export function filterDossiers(
  items: readonly QueueItem[],
  filter: FollowUpFilter,
  now: number,
): QueueItem[] {
  const search = compact(filter.search);
  const { minDays, maxDays } = ages[filter.age];
  return items.filter((item) => {
    if (search && !compact(item.id).includes(search)) return false;
    if (filter.status && followUpStatus(item) !== filter.status) return false;
    const days = (now - Date.parse(item.enqueuedAt)) / 86_400_000;
    return days >= minDays && days < maxDays;
  });
}
