/**
 * Device host entry: the process that owns drivers and models. It serves the `device` host methods
 * over RPC (inventory, technician operations, simulation control) and pushes device status events
 * to main. A hung device read or an add-on crash here never freezes the UI: main restarts this process.
 */
import { join } from 'node:path';
import { StationError } from '../../common/errors';
import { connectToParent, serveHost } from '../../common/rpc/host-rpc';
import { DeviceError } from '../core/errors';
import { ensureSceneFile } from '../devices/uvc-camera/scene-file';
import {
  DeviceRegistry,
  type SimulatedDeviceName,
  simulatedDeviceNames,
  UnknownDeviceError,
} from '../registry/device-registry';
import { applicationHostHandlers } from './application';
import { certificationHostHandlers } from './certification';
import type { DeviceHostContext } from './host-context';
import { analyzePortraitFrame } from './portrait';
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

/** Device errors cross to main as contract envelopes (operator prompts stay prompts). */
async function asEnvelope<T>(operation: () => Promise<T> | T): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof UnknownDeviceError) {
      throw new StationError('NOT_FOUND', 'Périphérique inconnu.', { deviceId: error.deviceId });
    }
    if (error instanceof DeviceError) {
      const payload = error.toPayload();
      throw new StationError(payload.code, payload.message, payload.details);
    }
    throw error;
  }
}

/** Each handler of `handlers`, with its device errors turned into contract envelopes. */
function withEnvelopes<H extends Record<string, (params: never) => unknown>>(handlers: H): H {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (params: never) => asEnvelope(() => handler(params) as Promise<unknown>),
    ]),
  ) as H;
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
  // Workflow handlers: a device error anywhere in them reaches main as its French envelope.
  const workflows = withEnvelopes({
    ...sessionHostHandlers(ctx),
    ...applicationHostHandlers(ctx),
    ...certificationHostHandlers(ctx),
  });
  const host = serveHost(deviceHostProtocol, connectToParent(), {
    ...workflows,
    health: () => ({
      host: 'device',
      pid: process.pid,
      uptimeMs: Date.now() - started,
      rssBytes: process.memoryUsage().rss,
    }),
    inventory: () => registry.list(),
    selfTest: ({ deviceId }) => asEnvelope(() => registry.selfTest(deviceId)),
    reset: ({ deviceId }) => asEnvelope(() => registry.reset(deviceId)),
    testCapture: ({ deviceId }) => asEnvelope(() => registry.testCapture(deviceId)),
    trace: ({ deviceId, enabled }) => asEnvelope(() => registry.trace(deviceId, enabled)),
    simulate: ({ deviceId, action }) => asEnvelope(() => registry.simulate(deviceId, action)),
    portraitAnalyze: (request) => asEnvelope(() => analyzePortraitFrame(request)),
    cameraScene: async () => {
      const dataDir = process.env.RECUEIL_DATA_DIR;
      if (!simulated.includes('camera') || !dataDir) return { path: null };
      const portrait = process.env.RECUEIL_CAMERA_SCENE || undefined;
      return { path: await ensureSceneFile(join(dataDir, 'simulation'), portrait) };
    },
  });
  registry.on('change', (status) => host.emit('device.status', status));
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
