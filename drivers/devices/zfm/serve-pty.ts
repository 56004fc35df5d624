/**
 * Runs the ZFM simulator on a real serial path (typically one end of a socat pseudo-terminal pair),
 * so the real serialport stack, termios included, sits between a driver and the emulated module.
 * Backs `recueil sim serve zfm --pty PATH`. The finger is "placed" by default so GenImg succeeds.
 */
import type { SerialBus } from '../../core/transport';
import { createSerialBus } from '../../transports/serialport';
import { zfmDefaults } from './descriptor';
import { ZfmSimulator, type ZfmSimulatorOptions } from './simulator';

export interface ServeZfmOptions extends ZfmSimulatorOptions {
  /** Default 57,600 (the module's factory rate). */
  baudRate?: number;
  /** Bus to open the path on (default: the real serial bus). */
  bus?: SerialBus;
}

export interface ZfmPtyServer {
  readonly path: string;
  /** Control handle: finger, image, injected errors, delays. */
  readonly simulator: ZfmSimulator;
  /** Resolves when the port closes (either side). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export async function serveZfmOnPty(path: string, options: ServeZfmOptions = {}): Promise<ZfmPtyServer> {
  const { baudRate = zfmDefaults.baudRate, bus = createSerialBus(), ...simulatorOptions } = options;
  const stream = await bus.open(path, { baudRate });
  const closed = new Promise<void>((resolve) => stream.onClose(() => resolve()));
  const simulator = new ZfmSimulator(stream, { fingerPlaced: true, ...simulatorOptions });
  return {
    path,
    simulator,
    closed,
    async close() {
      simulator.stop();
      await stream.close();
    },
  };
}
