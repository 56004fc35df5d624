/**
 * Where the station's logs go: `<dataDir>/logs/station.log` (pino, asynchronous) plus warnings and
 * errors on stderr, with size-based rotation (installer/log-rotation.ts: generations, total budget,
 * maximum age) applied at start and then checked every minute; the file is reopened after a
 * rotation. Shared by `recueil start` and the Electron shell.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { StationConfig } from './config';
import { defaultLogRotationPolicy, type LogRotationPolicy, rotateLogs } from './log-rotation';

export const stationLogPolicy: LogRotationPolicy = { ...defaultLogRotationPolicy, baseName: 'station' };
const CHECK_EVERY_MS = 60_000;

export function stationLogDestination(
  config: Pick<StationConfig, 'dataDir' | 'log'>,
  policy = stationLogPolicy,
) {
  const dir = join(config.dataDir, 'logs');
  const active = join(dir, `${policy.baseName}.log`);
  const file = pino.destination({ dest: active, mkdir: true, sync: false });
  const rotate = () => {
    try {
      if (rotateLogs(dir, Date.now(), policy).rotated) file.reopen();
    } catch {
      // Rotation is housekeeping: a failure must never stop logging.
    }
  };
  rotate();
  const timer = setInterval(() => {
    try {
      if (statSync(active).size >= policy.maxFileBytes) rotate();
    } catch {
      // the file may be momentarily absent during a rotation
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return pino.multistream([
    { level: config.log.level, stream: file },
    { level: 'warn', stream: pino.destination(2) },
  ]);
}
