/**
 * The one path by which a captured dossier enters the queue (UI, CLI simulator and tests alike):
 * seal it for the central system with the station key, then commit it to the outbox. Resolves
 * once the dossier is durable; nothing in clear is written on the way.
 */
import { sealDossier } from '../crypto/station';
import type { Dossier } from '../dossier';
import type { OutboxEntry } from '../store';
import type { StationContext } from './context';

export async function submitDossier(
  station: Pick<StationContext, 'material' | 'outbox'>,
  dossier: Dossier,
): Promise<OutboxEntry> {
  const sealed = await sealDossier(dossier, station.material.keys, station.material.central);
  return station.outbox.enqueue(sealed);
}
