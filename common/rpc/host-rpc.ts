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

/** Main side: calls one host, validates what comes back, and forwards validated events. */
export class HostClient<P extends HostProtocol> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout>; method: string }
  >();
  private readonly unsubscribe: () => void;

  constructor(
    readonly protocol: P,
    port: MessagePortLike,
    private readonly sendFrame: (frame: HostFrame) => void,
    handlers: { onEvent: (event: string, payload: unknown) => void; onReady: (pid: number) => void },
  ) {
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

  call<M extends MethodName<P>>(
    method: M,
    params: ParamsOf<P, M>,
    timeoutMs = 5000,
  ): Promise<Result<ResultOf<P, M>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({
          ok: false,
          error: {
            code: 'TIMEOUT',
            message: `${this.protocol.label} ne répond pas à temps : réessayez ; si cela persiste, redémarrez-le depuis le diagnostic.`,
            details: {
              method,
              [TECHNICAL_DETAIL]: `${this.protocol.name} host: no reply to ${method} in ${timeoutMs} ms`,
            },
          },
        });
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer, method });
      try {
        this.sendFrame({ t: 'call', id, method, params });
      } catch {
        this.failPending('send failed');
      }
    });
  }

  /** Rejects every call in flight (the host died); callers get HOST_UNAVAILABLE, never a hang. */
  failPending(reason: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({
        ok: false,
        error: {
          code: 'HOST_UNAVAILABLE',
          message: `${this.protocol.label} a redémarré pendant l’opération : réessayez.`,
          details: {
            [TECHNICAL_DETAIL]: `${this.protocol.name} host: call ${waiting.method} dropped (${reason})`,
          },
        },
      });
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
