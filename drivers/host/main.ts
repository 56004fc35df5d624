/**
 * Device host entry: the process that owns drivers and models. It serves the `device` host methods
 * over RPC (health, inventory, simulation control) and pushes device status events to main.
 * A hung device read or an add-on crash here never freezes the UI: main restarts this process.
 */

import { join } from 'node:path';
import { StationError } from '../../main/contract/errors';
import { connectToParent, serveHost } from '../../main/contract/host-rpc';
import { ensureSceneFile } from '../devices/uvc-camera/scene-file';
import {
  SimulatedBench,
  type SimulatedDeviceName,
  simulatedDeviceNames,
  UnknownDeviceError,
} from '../registry/simulated-bench';

function configuredDevices(): SimulatedDeviceName[] {
  const raw = process.env.RECUEIL_SIMULATED_DEVICES;
  if (raw === undefined) return [...simulatedDeviceNames];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is SimulatedDeviceName => (simulatedDeviceNames as readonly string[]).includes(s));
}

const simulated = configuredDevices();
const bench = new SimulatedBench(simulated);
const started = Date.now();
const host = serveHost('device', connectToParent(), {
  health: () => ({
    host: 'device',
    pid: process.pid,
    uptimeMs: Date.now() - started,
    rssBytes: process.memoryUsage().rss,
  }),
  inventory: () => bench.list(),
  cameraScene: async () => {
    const dataDir = process.env.RECUEIL_DATA_DIR;
    if (!simulated.includes('camera') || !dataDir) return { path: null };
    const portrait = process.env.RECUEIL_CAMERA_SCENE || undefined;
    return { path: await ensureSceneFile(join(dataDir, 'simulation'), portrait) };
  },
  simulate: ({ deviceId, action }) => {
    try {
      return bench.apply(deviceId, action);
    } catch (error) {
      if (error instanceof UnknownDeviceError) {
        throw new StationError('NOT_FOUND', 'Périphérique inconnu.', { deviceId });
      }
      throw error;
    }
  },
});
bench.on('change', (status) => host.emit('device.status', status));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
host.ready();
