/**
 * Bounded work per client: before a request reaches the registry, its size is checked against its
 * command's limit (main/contract/wire.ts), and it must fit in its connection's budget (requests in
 * flight and their bytes) and in the station's, shared by every connection. A request that does not
 * fit is refused at once with BUSY, a French message and a retry hint: it never waits, so it never
 * ends in a timeout, and a page or script flooding one socket (or many) keeps the station's memory
 * and its hosts' queues bounded. Both transports use it: one admission per WebSocket (main/bridge)
 * and per renderer (Electron IPC, main/app/ipc.ts).
 */
import { type ErrorPayload, errorCatalog, type Result } from '../../common/errors';
import { busyRetryAfterMs } from '../../common/rpc/host-rpc';
import { maxRequestBytes } from '../contract/wire';
import type { Dispatch } from './registry';

export interface WorkBudget {
  maxInFlight: number;
  maxInFlightBytes: number;
}

/** One connection: the UI makes a few calls at a time, a camera still is 12 MB at most. */
export const connectionBudget: WorkBudget = { maxInFlight: 32, maxInFlightBytes: 32 * 1024 * 1024 };
/** Every connection together. */
export const stationBudget: WorkBudget = { maxInFlight: 128, maxInFlightBytes: 48 * 1024 * 1024 };

/** Requests in flight and their bytes, against a budget. */
export class WorkMeter {
  private inFlight = 0;
  private bytes = 0;

  constructor(readonly budget: WorkBudget) {}

  fits(bytes: number): boolean {
    return this.inFlight < this.budget.maxInFlight && this.bytes + bytes <= this.budget.maxInFlightBytes;
  }

  take(bytes: number): void {
    this.inFlight += 1;
    this.bytes += bytes;
  }

  give(bytes: number): void {
    this.inFlight -= 1;
    this.bytes -= bytes;
  }

  get load(): { inFlight: number; bytes: number } {
    return { inFlight: this.inFlight, bytes: this.bytes };
  }
}

const megabytes = (bytes: number) =>
  (bytes / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });

export interface Admission {
  /** Why `command` with a `bytes`-long request would be refused now (too large, or BUSY), if it would. */
  refusal(command: string, bytes: number): ErrorPayload | undefined;
  /** Admits the request (or refuses it) and dispatches it, its bytes counted until it is answered. */
  dispatch(command: string, payload: unknown, bytes: number): Promise<Result<unknown>>;
}

export function createAdmission(
  dispatch: Dispatch,
  station: WorkMeter,
  budget: WorkBudget = connectionBudget,
): Admission {
  const connection = new WorkMeter(budget);
  const refusal = (command: string, bytes: number): ErrorPayload | undefined => {
    const limit = maxRequestBytes(command);
    if (bytes > limit)
      return {
        code: 'INVALID_REQUEST',
        message: `Requête trop volumineuse : ${megabytes(bytes)} Mo pour « ${command.slice(0, 64)} » (au plus ${megabytes(limit)} Mo).`,
        details: { bytes, maxBytes: limit },
      };
    const scope = !connection.fits(bytes) ? 'connection' : !station.fits(bytes) ? 'station' : undefined;
    if (!scope) return undefined;
    return {
      code: 'BUSY',
      message: errorCatalog.BUSY.message,
      details: { scope, retryAfterMs: busyRetryAfterMs },
    };
  };
  return {
    refusal,
    async dispatch(command, payload, bytes) {
      const refused = refusal(command, bytes);
      if (refused) return { ok: false, error: refused };
      connection.take(bytes);
      station.take(bytes);
      try {
        return await dispatch(command, payload);
      } finally {
        connection.give(bytes);
        station.give(bytes);
      }
    },
  };
}

/**
 * About how many bytes a structured-cloned request holds (Electron IPC gives values, not frames):
 * string lengths and a few bytes per other value, counting stops past `cap`.
 */
export function approximateBytes(value: unknown, cap: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= cap) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length + 2;
    else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        total += k.length + 4;
        stack.push(item);
      }
    } else total += 8;
  }
  return total;
}
