/**
 * `recueil sim enqueue --count N [--size-mb M]`: builds N synthetic dossiers and submits each
 * through the UI's path (seal + outbox commit, sync/sender/submit.ts); resolves when all are
 * committed. `onCommitted` is called after each commit (the crash tests print the id there).
 */
import { type OpenStationOptions, openStation, type StationContext } from '../sender/context';
import { submitDossier } from '../sender/submit';
import { syntheticDossier } from './synthetic-dossier';

export interface EnqueueOptions extends OpenStationOptions {
  onCommitted?: (dossierId: string) => void;
}

export async function enqueueSynthetic(
  config: string | StationContext,
  count: number,
  sizeMb = 3,
  options: EnqueueOptions = {},
): Promise<{ ids: string[] }> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (!(sizeMb > 0)) throw new RangeError('size must be a positive number of MB');
  const station = typeof config === 'string' ? await openStation(config, options) : config;
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const dossier = await syntheticDossier({
        stationId: station.config.stationId,
        sizeBytes: Math.round(sizeMb * 1024 * 1024),
      });
      const entry = await submitDossier(station, dossier);
      ids.push(entry.dossierId);
      options.onCommitted?.(entry.dossierId);
    }
  } finally {
    if (typeof config === 'string') station.close();
  }
  return { ids };
}
