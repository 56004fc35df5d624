/**
 * Device host entry: the process that owns drivers and models. It serves the `device` host methods
 * over RPC (inventory, technician operations, simulation control) and pushes device status events
 * to main. A hung device read or an add-on crash here never freezes the UI: main restarts this process.
 */
import { join } from 'node:path';
import { connectToParent, serveHost } from '../../common/rpc/host-rpc';
import { ensureSceneFile } from '../devices/uvc-camera/scene-file';
import { DeviceRegistry, type SimulatedDeviceName, simulatedDeviceNames } from '../registry/device-registry';
import { applicationHostHandlers } from './application';
import { barcodeHostHandlers, forwardBarcodeScans } from './barcode';
import { certificationHostHandlers } from './certification';
import { translateDeviceHostError } from './errors';
import type { DeviceHostContext } from './host-context';
import { analyzePortraitFrame } from './portrait';
import { portraitIntakeHandlers } from './portrait-intake';
import { deviceHostProtocol } from './protocol';
import { sessionHostHandlers } from './session';

/** Longest graceful shutdown of the host before it exits anyway. */
const SHUTDOWN_DEADLINE_MS = 1500;

function configuredDevices(): SimulatedDeviceName[] {
  const raw = process.env.RECUEIL_SIMULATED_DEVICES;
  if (raw === undefined) return [...simulatedDeviceNames];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is SimulatedDeviceName => (simulatedDeviceNames as readonly string[]).includes(s));
}

async function main(): Promise<void> {
  const simulated = configuredDevices();
  const registry =
    process.env.RECUEIL_DEVICE_MODE === 'hardware'
      ? await DeviceRegistry.hardware(
          process.env.RECUEIL_ZFM_PORT ? { zfmPort: process.env.RECUEIL_ZFM_PORT } : {},
        )
      : await DeviceRegistry.simulatedBench(simulated);
  const started = Date.now();
  const ctx: DeviceHostContext = {
    registry,
    emit: (event, payload) => host.emit(event, payload),
    simulated: process.env.RECUEIL_DEVICE_MODE !== 'hardware',
  };
  // Every method's errors (device faults, undecodable images, models) reach main through
  // translateDeviceHostError as contract codes with their French message.
  const host = serveHost(
    deviceHostProtocol,
    connectToParent(),
    {
      ...sessionHostHandlers(ctx),
      ...applicationHostHandlers(ctx),
      ...portraitIntakeHandlers(),
      ...certificationHostHandlers(ctx),
      ...barcodeHostHandlers(ctx),
      health: () => ({
        host: 'device',
        pid: process.pid,
        uptimeMs: Date.now() - started,
        rssBytes: process.memoryUsage().rss,
      }),
      inventory: () => registry.list(),
      selfTest: ({ deviceId }) => registry.selfTest(deviceId),
      reset: ({ deviceId }) => registry.reset(deviceId),
      testCapture: ({ deviceId }) => registry.testCapture(deviceId),
      trace: ({ deviceId, enabled }) => registry.trace(deviceId, enabled),
      simulate: ({ deviceId, action }) => registry.simulate(deviceId, action),
      portraitAnalyze: (request) => analyzePortraitFrame(request),
      cameraScene: async () => {
        const dataDir = process.env.RECUEIL_DATA_DIR;
        if (!simulated.includes('camera') || !dataDir) return { path: null };
        const portrait = process.env.RECUEIL_CAMERA_SCENE || undefined;
        return { path: await ensureSceneFile(join(dataDir, 'simulation'), portrait) };
      },
    },
    translateDeviceHostError,
  );
  registry.on('change', (status) => host.emit('device.status', status));
  forwardBarcodeScans(ctx);
  const shutdown = async () => {
    // Devices are closed gracefully if they answer in time; the host is gone within the deadline
    // anyway (its parent may be dead, and a hung device must not keep it alive).
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
    await registry.close();
    process.exit(0);
  };
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  host.ready();
}

// No top-level await: the Electron build bundles this entry as CommonJS.
void main();
