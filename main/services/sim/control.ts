/**
 * The simulated bench's control socket: how `recueil sim fault --device ID --for MINUTES` reaches a
 * running station. A station on simulated devices (`recueil start --browser`) listens on a local
 * socket named after its data folder (station-lock.ts, like its lock); a request is one JSON line
 * `{ "device", "minutes" }`, the answer one JSON line. The device is unplugged at once and plugged
 * back after MINUTES of the station's clock (so `--clock-speed N` shortens the wait N times).
 * Only simulated devices can be unplugged (the device inventory refuses real ones), and a hardware
 * station opens no such socket.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { z } from 'zod';
import { StationError } from '../../../common/errors';
import type { StationClock } from '../clock';
import type { DeviceInventory } from '../device-inventory';
import type { Logger } from '../logger';
import { stationSocketAddress } from '../station-lock';

export const SimFaultRequest = z
  .object({ device: z.string().min(1).max(64), minutes: z.number().int().min(1).max(1440) })
  .strict();
export type SimFaultRequest = z.infer<typeof SimFaultRequest>;

export type SimFaultAnswer = { ok: true; device: string; until: string } | { ok: false; message: string };

export interface SimControl {
  close(): Promise<void>;
}

const MAX_REQUEST = 4096;

/** Serves the control socket of the station of `dataDir`. */
export async function startSimControl(options: {
  dataDir: string;
  inventory: DeviceInventory;
  clock: StationClock;
  logger: Logger;
}): Promise<SimControl> {
  const { inventory, clock, logger } = options;
  const timers = new Set<unknown>();
  const handle = async (text: string): Promise<SimFaultAnswer> => {
    let request: SimFaultRequest;
    try {
      request = SimFaultRequest.parse(JSON.parse(text));
    } catch {
      return { ok: false, message: 'expected one JSON line { "device": ID, "minutes": 1-1440 }' };
    }
    try {
      await inventory.simulate(request.device, 'unplug');
    } catch (error) {
      return {
        ok: false,
        message: error instanceof StationError ? error.message : `device ${request.device} not unplugged`,
      };
    }
    const ms = request.minutes * 60_000;
    const timer = clock.setTimer(() => {
      timers.delete(timer);
      inventory.simulate(request.device, 'plug').catch((error: unknown) => {
        logger.warn({ err: error, device: request.device }, 'simulated device not plugged back');
      });
    }, ms);
    timers.add(timer);
    logger.info({ device: request.device, minutes: request.minutes }, 'simulated fault: device unplugged');
    return { ok: true, device: request.device, until: new Date(clock.now() + ms).toISOString() };
  };
  const server: Server = createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_REQUEST) socket.destroy();
      const end = text.indexOf('\n');
      if (end < 0) return;
      void handle(text.slice(0, end)).then((answer) => socket.end(`${JSON.stringify(answer)}\n`));
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path: stationSocketAddress(options.dataDir, 'sim'), exclusive: true }, () => resolve());
  });
  server.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clock.clearTimer(timer);
        server.close(() => resolve());
      }),
  };
}

/** No station listens on the data folder's control socket. */
export class NoRunningStationError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `no running simulated station on ${dataDir}: start it with "recueil start --browser" (simulated devices) first`,
    );
    this.name = 'NoRunningStationError';
  }
}

/** Sends one request to the station of `dataDir` and returns its answer. */
export function sendSimFault(
  dataDir: string,
  request: SimFaultRequest,
  timeoutMs = 30_000,
): Promise<SimFaultAnswer> {
  return new Promise((resolve, reject) => {
    let text = '';
    let address: string;
    try {
      address = stationSocketAddress(dataDir, 'sim');
    } catch {
      reject(new NoRunningStationError(dataDir));
      return;
    }
    const socket = createConnection({ path: address });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the station on ${dataDir} did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text) as SimFaultAnswer);
      } catch {
        reject(new Error(`the station on ${dataDir} gave an unreadable answer`));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? new NoRunningStationError(dataDir) : error,
      );
    });
  });
}
