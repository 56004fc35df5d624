/**
 * What the sync side reads of station.json: the station id, the data folder and the `central`
 * section (SyncSettings). The main process validates the whole file with its own schema
 * (main/services/config.ts); sync code may not import main/, so this reader checks only the keys
 * it uses and lets the others through. Paths are resolved against the file's folder.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { describeSettingsIssues, resolveSyncPaths, SyncSettings } from './settings';

export const StationFile = z.looseObject({
  station: z.looseObject({ id: z.string().min(1, { error: 'expected a station id' }) }),
  dataDir: z.string().min(1, { error: 'expected a folder path' }),
  central: SyncSettings,
});
export type StationFileInput = z.input<typeof StationFile>;

export interface StationSyncConfig {
  source: string;
  stationId: string;
  dataDir: string;
  settings: SyncSettings;
}

export class StationFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StationFileError';
  }
}

export function parseStationFile(raw: unknown, source: string, baseDir: string): StationSyncConfig {
  const result = StationFile.safeParse(raw);
  if (!result.success) throw new StationFileError(source, describeSettingsIssues(result.error, ''));
  const { station, dataDir, central } = result.data;
  return {
    source,
    stationId: station.id,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(baseDir, dataDir),
    settings: resolveSyncPaths(central, baseDir),
  };
}

export function loadStationFile(file: string): StationSyncConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StationFileError(file, [`cannot read the file as JSON (${(error as Error).message})`]);
  }
  return parseStationFile(raw, file, dirname(resolve(file)));
}
