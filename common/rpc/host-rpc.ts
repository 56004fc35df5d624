/**
 * RPC between main and its hosts (device host, sync host): frames, the shape of a host protocol (its
 * method and event schemas), and a symmetric peer over any message port (Electron utilityProcess,
 * child_process IPC, or a test pipe). A call returns a result envelope; the host pushes events
 * without being asked. Each host's own protocol sits beside the host (drivers/host/protocol.ts,
 * sync/host/protocol.ts); this module knows none of them.
 */
import { z } from 'zod';
import {
  ErrorPayload,
  errorCatalog,
  type Result,
  StationError,
  TECHNICAL_DETAIL,
  toErrorPayload,
} from '../errors';

/** One method of a host: what it takes and what it answers (both validated at the boundary). */
export interface MethodDef {
  params: z.ZodType;
  result: z.ZodType;
}

/** A host's protocol: its name, its French label (for messages), its methods and the events it pushes. */
export interface HostProtocol {
  name: string;
  /** How the agent's messages name the host, capitalised: "Le processus de synchronisation". */
  label: string;
  methods: Record<string, MethodDef>;
  events: Record<string, z.ZodType>;
}

/** Declares a host protocol with its literal types kept. */
export function defineHostProtocol<const P extends HostProtocol>(protocol: P): P {
  return protocol;
}

/** Every host answers `health` the same way (supervision, diagnostics). */
export const HostHealth = z.object({
  host: z.string(),
  pid: z.number().int(),
  uptimeMs: z.number(),
  rssBytes: z.number(),
});
export type HostHealth = z.infer<typeof HostHealth>;

/** Params of methods that take none. */
export const NoParams = z.object({}).strict();

export type MethodName<P extends HostProtocol> = keyof P['methods'] & string;
export type HostEventName<P extends HostProtocol> = keyof P['events'] & string;
export type ParamsOf<P extends HostProtocol, M extends MethodName<P>> = z.input<P['methods'][M]['params']>;
export type ResultOf<P extends HostProtocol, M extends MethodName<P>> = z.output<P['methods'][M]['result']>;
export type HandlersOf<P extends HostProtocol> = {
  [M in MethodName<P>]: (params: ParamsOf<P, M>) => Promise<ResultOf<P, M>> | ResultOf<P, M>;
};

export const HostFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int(), method: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('reply'), id: z.number().int(), result: z.unknown() }),
  z.object({ t: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('ready'), pid: z.number().int() }),
]);
export type HostFrame = z.infer<typeof HostFrame>;

export interface MessagePortLike {
  send(frame: HostFrame): void;
  onMessage(listener: (frame: unknown) => void): () => void;
}

function methodDef(protocol: HostProtocol, method: string): MethodDef | undefined {
  return Object.hasOwn(protocol.methods, method) ? protocol.methods[method] : undefined;
}

/**
 * Host side: serves the methods of one host protocol and emits its events. `translate` turns the
 * errors of the host's lower layers (a full disk, a device fault, an undecodable image) into
 * `StationError`s with their contract code and French message; whatever it leaves alone crosses as
 * `INTERNAL`, its technical detail kept for the core's log.
 */
export function serveHost<P extends HostProtocol>(
  protocol: P,
  port: MessagePortLike,
  handlers: HandlersOf<P>,
  translate: (error: unknown) => unknown = (error) => error,
) {
  port.onMessage(async (raw) => {
    const frame = HostFrame.safeParse(raw);
    if (!frame.success || frame.data.t !== 'call') return;
    const { id, method, params } = frame.data;
    let result: Result<unknown>;
    try {
      const def = methodDef(protocol, method);
      if (!def)
        throw new StationError('UNKNOWN_COMMAND', errorCatalog.UNKNOWN_COMMAND.message, {
          [TECHNICAL_DETAIL]: `${protocol.name} host: unknown method ${method.slice(0, 64)}`,
        });
      const input = def.params.safeParse(params);
      if (!input.success)
        throw new StationError('INVALID_REQUEST', errorCatalog.INVALID_REQUEST.message, {
          [TECHNICAL_DETAIL]: `${protocol.name} host: invalid params for ${method}`,
        });
      const handler = (handlers as Record<string, (p: unknown) => unknown>)[method]!;
      result = { ok: true, value: def.result.parse(await handler(input.data)) };
    } catch (error) {
      result = { ok: false, error: toErrorPayload(translate(error)) };
    }
    port.send({ t: 'reply', id, result });
  });
  return {
    ready() {
      port.send({ t: 'ready', pid: process.pid });
    },
    emit(event: HostEventName<P>, payload: unknown) {
      port.send({ t: 'event', event, payload });
    },
  };
}

/** One method's own bound: at most `maxInFlight` of its calls admitted, identical calls coalesced. */
export interface MethodLimit {
  maxInFlight?: number;
  /**
   * What makes two calls the same (compared element by element with ===): a call identical to one
   * in flight shares its reply instead of running again.
   */
  coalesce?: (params: never) => readonly unknown[];
}

/**
 * How much work main hands a host. At most `maxInFlight` calls are at the host; up to `maxQueued`
 * more wait their turn, each at most `maxQueueWaitMs`; beyond, a call is refused at once with BUSY
 * (never a timeout). A call's timeout runs from when it is sent to the host, not from when it was
 * queued; when it expires, `health` (sent at once, outside the queue) tells a slow call (TIMEOUT,
 * the host answers) from a host that is down (HOST_UNAVAILABLE).
 */
export interface HostCallLimits {
  maxInFlight: number;
  maxQueued: number;
  maxQueueWaitMs: number;
  livenessTimeoutMs: number;
  methods?: Record<string, MethodLimit>;
}

export const defaultHostCallLimits: HostCallLimits = {
  maxInFlight: 16,
  maxQueued: 64,
  maxQueueWaitMs: 15_000,
  livenessTimeoutMs: 2_000,
};

/** Retry hint of a BUSY refusal (milliseconds). */
export const busyRetryAfterMs = 1_000;

interface Queued {
  method: string;
  params: unknown;
  timeoutMs: number;
  resolve: (r: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Main side: calls one host within its limits, validates what comes back, and forwards validated events. */
export class HostClient<P extends HostProtocol> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    {
      resolve: (r: Result<unknown> | undefined) => void;
      timer: ReturnType<typeof setTimeout>;
      method: string;
    }
  >();
  private readonly queue: Queued[] = [];
  private inFlight = 0;
  private readonly admittedPerMethod = new Map<string, number>();
  private readonly coalescing = new Map<
    string,
    { key: readonly unknown[]; reply: Promise<Result<unknown>> }[]
  >();
  private liveness: Promise<boolean> | undefined;
  private readonly unsubscribe: () => void;
  private readonly limits: HostCallLimits;

  constructor(
    readonly protocol: P,
    port: MessagePortLike,
    private readonly sendFrame: (frame: HostFrame) => void,
    handlers: { onEvent: (event: string, payload: unknown) => void; onReady: (pid: number) => void },
    limits: Partial<HostCallLimits> = {},
  ) {
    this.limits = { ...defaultHostCallLimits, ...limits };
    this.unsubscribe = port.onMessage((raw) => {
      const frame = HostFrame.safeParse(raw);
      if (!frame.success) return;
      const f = frame.data;
      if (f.t === 'reply') {
        const waiting = this.pending.get(f.id);
        if (!waiting) return;
        this.pending.delete(f.id);
        clearTimeout(waiting.timer);
        waiting.resolve(this.validateReply(waiting.method, f.result));
      } else if (f.t === 'event') {
        const table = protocol.events;
        const schema = Object.hasOwn(table, f.event) ? table[f.event] : undefined;
        const payload = schema?.safeParse(f.payload);
        if (payload?.success) handlers.onEvent(f.event, payload.data);
      } else if (f.t === 'ready') {
        handlers.onReady(f.pid);
      }
    });
  }

  /** Calls at the host, and calls waiting for a slot (diagnostics, tests). */
  get load(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.queue.length };
  }

  private validateReply(method: string, raw: unknown): Result<unknown> {
    const def = methodDef(this.protocol, method);
    const envelope = z
      .discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), value: def ? def.result : z.unknown() }),
        z.object({ ok: z.literal(false), error: ErrorPayload }),
      ])
      .safeParse(raw);
    if (!envelope.success) {
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: errorCatalog.INTERNAL.message,
          details: {
            [TECHNICAL_DETAIL]: `${this.protocol.name} host: reply to ${method} outside its protocol`,
          },
        },
      };
    }
    const value = envelope.data;
    return value.ok ? { ok: true, value: value.value } : { ok: false, error: value.error };
  }

  private busy(method: string, reason: 'queue-full' | 'queue-wait' | 'method-limit'): Result<never> {
    return {
      ok: false,
      error: {
        code: 'BUSY',
        message: `${this.protocol.label} est occupé par d’autres demandes : réessayez dans un instant.`,
        details: {
          method,
          reason,
          retryAfterMs: busyRetryAfterMs,
          [TECHNICAL_DETAIL]: `${this.protocol.name} host: ${method} refused (${reason})`,
        },
      },
    };
  }

  call<M extends MethodName<P>>(
    method: M,
    params: ParamsOf<P, M>,
    timeoutMs = 5000,
  ): Promise<Result<ResultOf<P, M>>> {
    const limit = this.limits.methods?.[method];
    const key = limit?.coalesce?.(params as never);
    if (key) {
      const same = this.coalescing
        .get(method)
        ?.find((c) => c.key.length === key.length && c.key.every((k, i) => k === key[i]));
      if (same) return same.reply as Promise<Result<ResultOf<P, M>>>;
    }
    const admitted = this.admittedPerMethod.get(method) ?? 0;
    if (limit?.maxInFlight !== undefined && admitted >= limit.maxInFlight)
      return Promise.resolve(this.busy(method, 'method-limit'));
    this.admittedPerMethod.set(method, admitted + 1);
    const reply = this.admit(method, params, timeoutMs).finally(() => {
      this.admittedPerMethod.set(method, (this.admittedPerMethod.get(method) ?? 1) - 1);
      if (key) {
        const list = this.coalescing.get(method)?.filter((c) => c.reply !== reply) ?? [];
        if (list.length > 0) this.coalescing.set(method, list);
        else this.coalescing.delete(method);
      }
    });
    if (key) this.coalescing.set(method, [...(this.coalescing.get(method) ?? []), { key, reply }]);
    return reply as Promise<Result<ResultOf<P, M>>>;
  }

  private admit(method: string, params: unknown, timeoutMs: number): Promise<Result<unknown>> {
    if (this.inFlight < this.limits.maxInFlight) return this.run(method, params, timeoutMs);
    if (this.queue.length >= this.limits.maxQueued) return Promise.resolve(this.busy(method, 'queue-full'));
    return new Promise((resolve) => {
      const queued: Queued = {
        method,
        params,
        timeoutMs,
        resolve,
        timer: setTimeout(() => {
          const at = this.queue.indexOf(queued);
          if (at >= 0) this.queue.splice(at, 1);
          resolve(this.busy(method, 'queue-wait'));
        }, this.limits.maxQueueWaitMs),
      };
      this.queue.push(queued);
    });
  }

  /** Sends one call to the host (its timeout starts now) and frees its slot once it is answered. */
  private async run(method: string, params: unknown, timeoutMs: number): Promise<Result<unknown>> {
    this.inFlight += 1;
    try {
      const reply = await this.send(method, params, timeoutMs);
      if (reply) return reply;
      const alive = await this.alive();
      return alive
        ? {
            ok: false,
            error: {
              code: 'TIMEOUT',
              message: `${this.protocol.label} ne répond pas à temps : réessayez ; si cela persiste, redémarrez-le depuis le diagnostic.`,
              details: {
                method,
                [TECHNICAL_DETAIL]: `${this.protocol.name} host: no reply to ${method} in ${timeoutMs} ms (health answers)`,
              },
            },
          }
        : {
            ok: false,
            error: {
              code: 'HOST_UNAVAILABLE',
              message: `${this.protocol.label} ne répond plus : réessayez dans quelques secondes ; si cela persiste, redémarrez-le depuis le diagnostic.`,
              details: {
                method,
                [TECHNICAL_DETAIL]: `${this.protocol.name} host: no reply to ${method} in ${timeoutMs} ms, nor to health`,
              },
            },
          };
    } finally {
      this.inFlight -= 1;
      const next = this.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        void this.run(next.method, next.params, next.timeoutMs).then(next.resolve);
      }
    }
  }

  /** Whether the host answers `health` within the liveness timeout (one check at a time). */
  private alive(): Promise<boolean> {
    this.liveness ??= this.send('health', {}, this.limits.livenessTimeoutMs).then((reply) => {
      this.liveness = undefined;
      return reply !== undefined && !(reply.ok === false && reply.error.code === 'HOST_UNAVAILABLE');
    });
    return this.liveness;
  }

  /** The reply envelope, or undefined when none came within `timeoutMs` of sending. */
  private send(method: string, params: unknown, timeoutMs: number): Promise<Result<unknown> | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(id, { resolve, timer, method });
      try {
        this.sendFrame({ t: 'call', id, method, params });
      } catch {
        this.failPending('send failed');
      }
    });
  }

  /** Answers every call in flight or queued (the host died): HOST_UNAVAILABLE, never a hang. */
  failPending(reason: string): void {
    const unavailable = (method: string): Result<never> => ({
      ok: false,
      error: {
        code: 'HOST_UNAVAILABLE',
        message: `${this.protocol.label} a redémarré pendant l’opération : réessayez.`,
        details: { [TECHNICAL_DETAIL]: `${this.protocol.name} host: call ${method} dropped (${reason})` },
      },
    });
    for (const queued of this.queue.splice(0)) {
      clearTimeout(queued.timer);
      queued.resolve(unavailable(queued.method));
    }
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve(unavailable(waiting.method));
      this.pending.delete(id);
    }
  }

  dispose(): void {
    this.failPending('disposed');
    this.unsubscribe();
  }
}

/** The message port of a host process, whether Electron utilityProcess or child_process IPC. */
export function connectToParent(): MessagePortLike {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (frame) => parentPort.postMessage(frame),
      onMessage(listener) {
        const handler = (event: { data: unknown }) => listener(event.data);
        parentPort.on('message', handler);
        return () => parentPort.off('message', handler);
      },
    };
  }
  if (!process.send) throw new Error('host started without an IPC channel to its parent');
  return {
    send: (frame) => {
      process.send?.(frame);
    },
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}
