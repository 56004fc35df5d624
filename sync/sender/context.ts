/**
 * Opens everything the station's sync side works with, from station.json: the settings, the
 * pinned material and unlocked signing key, and the outbox (startup recovery included) with the
 * receipt verifier bound to the pinned central receipt key. Used by the sync host, the CLI
 * (`sim enqueue`, `sync now`, `queue status`) and the tests, so they all take the same path.
 */
import { loadStationMaterial, type StationMaterial, SyncMaterialError } from '../config/material';
import { loadStationFile, type StationSyncConfig } from '../config/station-file';
import type { SafeStorageLike } from '../crypto/station';
import { verifyReceipt } from '../crypto/station';
import { type FreeSpaceProbe, Outbox, type RecoveryReport } from '../store';

export interface StationContext {
  config: StationSyncConfig;
  material: StationMaterial;
  outbox: Outbox;
  recovery: RecoveryReport;
  close(): void;
}

export interface OpenStationOptions {
  safeStorage?: SafeStorageLike;
  env?: Record<string, string | undefined>;
  /** Tests: a fake free-space probe. */
  freeSpace?: FreeSpaceProbe;
  now?: () => number;
}

export async function openStation(
  source: string | StationSyncConfig,
  options: OpenStationOptions = {},
): Promise<StationContext> {
  const config = typeof source === 'string' ? loadStationFile(source) : source;
  const material = await loadStationMaterial(config.settings, options);
  if (material.keys.stationId !== config.stationId) {
    throw new SyncMaterialError(
      `La clé du poste appartient au poste ${material.keys.stationId}, la configuration décrit ${config.stationId}.`,
    );
  }
  const { outbox, report } = await Outbox.open({
    dataDir: config.dataDir,
    verifyReceipt: (jws, subject) => verifyReceipt(jws, material.central, subject),
    retentionMs: config.settings.retentionDays * 24 * 3600 * 1000,
    minFreeBytes: config.settings.minFreeMb * 1024 * 1024,
    ...(options.freeSpace ? { freeSpace: options.freeSpace } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { config, material, outbox, recovery: report, close: () => outbox.close() };
}
