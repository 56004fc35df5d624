/**
 * What the CLI runs for the station side, each from a station.json path: `sync now` (sync until
 * the queue is empty or nothing more can be sent) and `queue status` (counts). Each opens the
 * station, does its job and releases everything (database, connections) before resolving.
 */

import type { SyncState } from '../../common/domain';
import { type ConfigurationOutcome, configurationPull } from '../configuration';
import { createSyncEngine, type SyncProgress, type SyncResult } from '../engine';
import type { QueueCounts } from '../store';
import { centralBaseUrl } from './central-url';
import { type OpenStationOptions, openStation, type StationContext } from './context';

export interface SyncNowOptions extends OpenStationOptions {
  onState?: (state: SyncState) => void;
  onProgress?: (progress: SyncProgress) => void;
  /** What became of the configuration document pulled at the end (sync/configuration). */
  onConfiguration?: (outcome: ConfigurationOutcome) => void;
  /** Give up when the next retry would be later than this (default 30 s). */
  giveUpAfterMs?: number;
  /** Runs once the sync is over, before the station is closed (the CLI audits the inbox's journal). */
  afterSync?: (station: StationContext) => Promise<void>;
}

export async function runSyncNow(configFile: string, options: SyncNowOptions = {}): Promise<SyncResult> {
  const station = await openStation(configFile, options);
  const engine = createSyncEngine({
    outbox: station.outbox,
    settings: station.config.settings,
    material: station.material,
    baseUrl: centralBaseUrl(station.config.settings),
    pull: configurationPull({
      dataDir: station.config.dataDir,
      central: station.material.central,
      ...(options.onConfiguration ? { onOutcome: options.onConfiguration } : {}),
    }),
    ...(options.onState ? { onState: options.onState } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  try {
    const result = await engine.syncNow(
      options.giveUpAfterMs === undefined ? {} : { giveUpAfterMs: options.giveUpAfterMs },
    );
    await options.afterSync?.(station);
    return result;
  } finally {
    await engine.close();
    station.close();
  }
}

/** `{ queued, uploading, acknowledged, parked }` of the station's outbox. */
export async function queueStatus(
  configFile: string,
  options: OpenStationOptions = {},
): Promise<QueueCounts> {
  const station = await openStation(configFile, options);
  try {
    return station.outbox.counts();
  } finally {
    station.close();
  }
}
