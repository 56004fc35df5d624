/**
 * Where the application's own files are: the app root (sources or packaged app), the built renderer,
 * and the host environment derived from the configuration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StationConfig } from './config';

export function rendererDir(appRoot: string): string {
  return join(appRoot, 'dist', 'renderer');
}

export function appVersion(appRoot: string): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The Electron binary is present only where it could be downloaded (not on our CI machines). */
export function electronBinaryPresent(appRoot: string): boolean {
  return existsSync(join(appRoot, 'node_modules', 'electron', 'path.txt'));
}

/** Environment given to the host processes: the part of the configuration they need. */
export function hostEnvironment(config: StationConfig): Record<string, string> {
  return {
    RECUEIL_SIMULATED_DEVICES: config.devices.mode === 'simulated' ? config.devices.simulated.join(',') : '',
    RECUEIL_DEVICE_MODE: config.devices.mode,
    RECUEIL_ZFM_PORT: config.devices.zfmPort ?? '',
    RECUEIL_CONFIG_FILE: config.central && config.source ? config.source : '',
    RECUEIL_DATA_DIR: config.dataDir,
    RECUEIL_CAMERA_SCENE: config.devices.cameraScene ?? '',
    RECUEIL_PORTRAIT_THRESHOLDS: JSON.stringify(config.thresholds.portrait),
    RECUEIL_AGENT_CA_FILE: config.session.agentCaFile ?? '',
  };
}
