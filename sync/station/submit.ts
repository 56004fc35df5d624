/**
 * The one path by which a captured dossier enters the queue (UI, CLI simulator and tests alike):
 * seal it for the central system with the station key, then commit it to the outbox. Resolves
 * once the dossier is durable; nothing in clear is written on the way.
 */
import { sealDossier } from '../crypto/station';
import { createDossier, type Dossier } from '../dossier';
import type { OutboxEntry } from '../store';
import type { StationContext } from './context';

export async function submitDossier(
  station: Pick<StationContext, 'material' | 'outbox'>,
  dossier: Dossier,
): Promise<OutboxEntry> {
  const sealed = await sealDossier(dossier, station.material.keys, station.material.central);
  return station.outbox.enqueue(sealed);
}

/** A dossier as the capture workflows hand it over (parts base64-encoded across the host RPC). */
export interface CapturedDossierInput {
  kind: 'application' | 'certification';
  agentId: string;
  parts: readonly { name: string; mediaType: string; base64: string }[];
}

/** Builds the dossier (fresh UUIDv7, part hashes, validation) and submits it; see submitDossier. */
export async function submitCapturedDossier(
  station: Pick<StationContext, 'material' | 'outbox' | 'config'>,
  input: CapturedDossierInput,
): Promise<OutboxEntry> {
  const dossier = createDossier({
    kind: input.kind,
    stationId: station.config.stationId,
    agentId: input.agentId,
    parts: input.parts.map((part) => ({
      name: part.name,
      mediaType: part.mediaType,
      bytes: Buffer.from(part.base64, 'base64'),
    })),
  });
  return submitDossier(station, dossier);
}
