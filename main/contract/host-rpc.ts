/**
 * RPC between main and its hosts (device host, sync host): frames, per-host method schemas, and a
 * symmetric peer over any message port (Electron utilityProcess, child_process IPC, or a test pipe).
 * A call returns a result envelope; the host pushes events without being asked.
 */
import { z } from 'zod';
import { applicationHostEvents, applicationHostMethods } from './application';
import { certificationHostEvents, certificationHostMethods } from './certification';
import { ErrorPayload, type Result, StationError, toErrorPayload } from './errors';
import {
  DeviceStatus,
  DeviceTrace,
  EnrollmentView,
  PortraitAnalysis,
  PortraitAnalysisRequest,
  Progress,
  QueueStatus,
  SelfTestReport,
  SyncState,
  TestCaptureReport,
} from './model';
import { sessionHostEvents, sessionHostMethods } from './session';

const Empty = z.object({}).strict();
const Health = z.object({
  host: z.string(),
  pid: z.number().int(),
  uptimeMs: z.number(),
  rssBytes: z.number(),
});
export type HostHealth = z.infer<typeof Health>;

export const hostMethods = {
  device: {
    health: { params: Empty, result: Health },
    inventory: { params: Empty, result: z.array(DeviceStatus) },
    simulate: {
      params: z.object({ deviceId: z.string(), action: z.enum(['plug', 'unplug', 'fault']) }).strict(),
      result: DeviceStatus,
    },
    selfTest: { params: z.object({ deviceId: z.string() }).strict(), result: SelfTestReport },
    reset: { params: z.object({ deviceId: z.string() }).strict(), result: DeviceStatus },
    testCapture: { params: z.object({ deviceId: z.string() }).strict(), result: TestCaptureReport },
    trace: {
      params: z.object({ deviceId: z.string(), enabled: z.boolean().optional() }).strict(),
      result: DeviceTrace,
    },
    portraitAnalyze: { params: PortraitAnalysisRequest, result: PortraitAnalysis },
    /** Path of the simulated camera's clip (Y4M) for Chromium's fake capture device; null without one. */
    cameraScene: { params: Empty, result: z.object({ path: z.string().nullable() }) },
    ...sessionHostMethods,
    ...applicationHostMethods,
    ...certificationHostMethods,
  },
  sync: {
    health: { params: Empty, result: Health },
    status: { params: Empty, result: SyncState },
    queue: { params: Empty, result: QueueStatus },
    /** Asks the engine to try now (ends any backoff wait); progress follows as events. */
    syncNow: { params: Empty, result: SyncState },
    /**
     * Seals a captured dossier for the central system and commits it to the outbox; resolves once
     * it is durable. Parts travel base64-encoded; the sync host builds and validates the dossier.
     */
    submit: {
      params: z
        .object({
          kind: z.enum(['application', 'certification']),
          agentId: z.string().min(1).max(64),
          parts: z
            .array(
              z
                .object({
                  name: z.string().min(1).max(64),
                  mediaType: z.string().min(1).max(100),
                  base64: z.string(),
                })
                .strict(),
            )
            .min(1)
            .max(64),
        })
        .strict(),
      result: z.object({ dossierId: z.string(), enqueuedAt: z.string() }),
    },
    /** Dossiers in progress, kept encrypted at rest until they expire (sync/drafts). */
    draftSave: {
      params: z
        .object({
          id: z.uuid(),
          kind: z.enum(['application', 'certification']),
          expiresAt: z.number().int(),
          base64: z.string().max(64_000_000),
        })
        .strict(),
      result: z.object({ saved: z.boolean() }),
    },
    draftLoad: {
      params: z.object({ kind: z.enum(['application', 'certification']) }).strict(),
      result: z.object({ id: z.string(), expiresAt: z.number(), base64: z.string() }).nullable(),
    },
    /** Enrollment state of the station (certificate validity, revocation), for the capture gate and the UI. */
    enrollment: { params: Empty, result: EnrollmentView },
    draftDelete: { params: z.object({ id: z.uuid() }).strict(), result: z.object({ deleted: z.boolean() }) },
  },
} as const;

export const hostEvents = {
  device: {
    'device.status': DeviceStatus,
    ...sessionHostEvents,
    ...applicationHostEvents,
    ...certificationHostEvents,
  },
  sync: { 'sync.state': SyncState, progress: Progress },
} as const;

export type HostKind = keyof typeof hostMethods;
export type HostMethod<H extends HostKind> = keyof (typeof hostMethods)[H] & string;
type MethodDef<H extends HostKind, M extends HostMethod<H>> = (typeof hostMethods)[H][M];
export type HostParams<H extends HostKind, M extends HostMethod<H>> =
  MethodDef<H, M> extends { params: z.ZodType } ? z.input<MethodDef<H, M>['params']> : never;
export type HostResult<H extends HostKind, M extends HostMethod<H>> =
  MethodDef<H, M> extends { result: z.ZodType } ? z.output<MethodDef<H, M>['result']> : never;
export type HostHandlers<H extends HostKind> = {
  [M in HostMethod<H>]: (params: HostParams<H, M>) => Promise<HostResult<H, M>> | HostResult<H, M>;
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

function methodDef(host: HostKind, method: string): { params: z.ZodType; result: z.ZodType } | undefined {
  const table = hostMethods[host] as Record<string, { params: z.ZodType; result: z.ZodType }>;
  return Object.hasOwn(table, method) ? table[method] : undefined;
}

/** Host side: serves the methods of one host kind and emits its events. */
export function serveHost<H extends HostKind>(host: H, port: MessagePortLike, handlers: HostHandlers<H>) {
  port.onMessage(async (raw) => {
    const frame = HostFrame.safeParse(raw);
    if (!frame.success || frame.data.t !== 'call') return;
    const { id, method, params } = frame.data;
    let result: Result<unknown>;
    try {
      const def = methodDef(host, method);
      if (!def) throw new StationError('UNKNOWN_COMMAND', `Méthode inconnue : ${method}`);
      const input = def.params.safeParse(params);
      if (!input.success) throw new StationError('INVALID_REQUEST', 'Paramètres invalides.');
      const handler = (handlers as Record<string, (p: unknown) => unknown>)[method]!;
      result = { ok: true, value: def.result.parse(await handler(input.data)) };
    } catch (error) {
      result = { ok: false, error: toErrorPayload(error) };
    }
    port.send({ t: 'reply', id, result });
  });
  return {
    ready() {
      port.send({ t: 'ready', pid: process.pid });
    },
    emit<E extends keyof (typeof hostEvents)[H] & string>(event: E, payload: unknown) {
      port.send({ t: 'event', event, payload });
    },
  };
}

/** Main side: calls one host, validates what comes back, and forwards validated events. */
export class HostClient<H extends HostKind> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout>; method: string }
  >();
  private readonly unsubscribe: () => void;

  constructor(
    readonly host: H,
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
        const table = hostEvents[host] as Record<string, z.ZodType>;
        const schema = Object.hasOwn(table, f.event) ? table[f.event] : undefined;
        const payload = schema?.safeParse(f.payload);
        if (payload?.success) handlers.onEvent(f.event, payload.data);
      } else if (f.t === 'ready') {
        handlers.onReady(f.pid);
      }
    });
  }

  private validateReply(method: string, raw: unknown): Result<unknown> {
    const def = methodDef(this.host, method);
    const envelope = z
      .discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), value: def ? def.result : z.unknown() }),
        z.object({ ok: z.literal(false), error: ErrorPayload }),
      ])
      .safeParse(raw);
    if (!envelope.success) {
      return { ok: false, error: { code: 'INTERNAL', message: 'Réponse d’un processus hôte non conforme.' } };
    }
    const value = envelope.data;
    return value.ok ? { ok: true, value: value.value } : { ok: false, error: value.error };
  }

  call<M extends HostMethod<H>>(
    method: M,
    params: HostParams<H, M>,
    timeoutMs = 5000,
  ): Promise<Result<HostResult<H, M>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({
          ok: false,
          error: {
            code: 'TIMEOUT',
            message: `Le processus hôte « ${this.host} » ne répond pas.`,
            details: { method },
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
          message: `Le processus hôte « ${this.host} » a redémarré ; réessayez.`,
          details: { reason },
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
