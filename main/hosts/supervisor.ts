/**
 * Supervises one host process: starts it, waits for its `ready` frame, forwards its events, restarts
 * it with exponential backoff when it dies, and publishes its status so the UI can say so.
 * Calls made while the host is down fail fast with HOST_UNAVAILABLE: the UI never hangs on a host;
 * calls beyond the host's limits (call-limits.ts) are refused at once with BUSY.
 */
import { EventEmitter } from 'node:events';
import { type Result, TECHNICAL_DETAIL } from '../../common/errors';
import { type HostCallLimits, HostClient } from '../../common/rpc/host-rpc';
import type { HostStatus } from '../contract/model';
import type { Logger } from '../services/logger';
import { hostCallLimits } from './call-limits';
import type { HostLauncher, HostProcess } from './launcher';
import {
  type HostClientOf,
  type HostKind,
  type HostMethod,
  type HostParams,
  type HostResult,
  hostProtocols,
} from './protocols';

export interface SupervisorOptions {
  launcher: HostLauncher;
  logger: Logger;
  /** First restart delay; doubles up to maxBackoffMs. Reset once the host has run for stableAfterMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  stableAfterMs?: number;
  readyTimeoutMs?: number;
  /** How much work the host is handed at a time (default: main/hosts/call-limits.ts). */
  callLimits?: Partial<HostCallLimits>;
}

interface SupervisorEvents<H extends HostKind> {
  status: [HostStatus];
  event: [string, unknown];
  ready: [HostClientOf<H>];
}

export class HostSupervisor<H extends HostKind> extends EventEmitter<SupervisorEvents<H>> {
  private child: HostProcess | undefined;
  private client: HostClientOf<H> | undefined;
  private status: HostStatus;
  private consecutiveFailures = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private stopping = false;
  /** A simulated crash (`crash()`) holds the restart until `resume()`. */
  private held = false;
  private startedAt = 0;

  constructor(
    readonly host: H,
    private readonly options: SupervisorOptions,
  ) {
    super();
    this.status = { host, state: 'stopped', restarts: 0 };
  }

  get current(): HostStatus {
    return this.status;
  }

  /**
   * Starts the host and resolves once it has said `ready`. After readyTimeoutMs without `ready` (a
   * host hung at startup, or a machine too loaded), it rejects and kills that host process: the
   * supervisor goes on restarting it with backoff, so the caller may run on without it.
   */
  start(): Promise<void> {
    this.stopping = false;
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.readyTimeoutMs ?? 20000;
      const timeout = setTimeout(() => {
        this.options.logger.error(
          { host: this.host, timeoutMs },
          'host not ready in time; killing it to restart',
        );
        this.child?.kill('SIGKILL');
        reject(new Error(`host ${this.host} not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      this.once('ready', () => {
        clearTimeout(timeout);
        resolve();
      });
      this.spawn();
    });
  }

  private setStatus(patch: Partial<HostStatus>): void {
    this.status = { ...this.status, ...patch };
    this.emit('status', this.status);
  }

  private spawn(): void {
    const log = this.options.logger;
    let child: HostProcess;
    try {
      child = this.options.launcher.launch(this.host);
    } catch (error) {
      log.error({ host: this.host, err: error }, 'host launch failed');
      this.scheduleRestart();
      return;
    }
    this.child = child;
    this.startedAt = Date.now();
    this.setStatus({ state: this.status.restarts > 0 ? 'restarting' : 'starting', pid: child.pid });
    const client = new HostClient(
      hostProtocols[this.host],
      child.port,
      (frame) => child.port.send(frame),
      {
        onEvent: (event, payload) => this.emit('event', event, payload),
        onReady: () => {
          this.setStatus({ state: 'running', pid: child.pid });
          log.info({ host: this.host, pid: child.pid }, 'host ready');
          this.emit('ready', client);
        },
      },
      this.options.callLimits ?? hostCallLimits[this.host],
    );
    this.client = client;
    child.onExit((code, signal) => {
      client.dispose();
      if (this.child === child) {
        this.child = undefined;
        this.client = undefined;
      }
      const lastExit = { code, signal, at: new Date().toISOString() };
      if (this.stopping) {
        this.setStatus({ state: 'stopped', pid: undefined, lastExit });
        return;
      }
      log.warn({ host: this.host, code, signal }, 'host exited; restarting');
      this.setStatus({ state: 'restarting', pid: undefined, lastExit });
      if (!this.held) this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    const ranFor = Date.now() - this.startedAt;
    if (ranFor > (this.options.stableAfterMs ?? 30000)) this.consecutiveFailures = 0;
    const base = this.options.backoffMs ?? 250;
    const delay = Math.min(base * 2 ** this.consecutiveFailures, this.options.maxBackoffMs ?? 10000);
    this.consecutiveFailures += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.status = { ...this.status, restarts: this.status.restarts + 1 };
      this.spawn();
    }, delay);
  }

  call<M extends HostMethod<H>>(
    method: M,
    params: HostParams<H, M>,
    timeoutMs?: number,
  ): Promise<Result<HostResult<H, M>>> {
    if (!this.client || this.status.state !== 'running') {
      return Promise.resolve({
        ok: false,
        error: {
          code: 'HOST_UNAVAILABLE',
          message: `${hostProtocols[this.host].label} redémarre : réessayez dans quelques secondes.`,
          details: { [TECHNICAL_DETAIL]: `${this.host} host ${this.status.state}` },
        },
      });
    }
    return this.client.call(method, params, timeoutMs);
  }

  /** Kills the host on purpose (technician action); the supervisor restarts it. */
  restart(): void {
    this.child?.kill('SIGTERM');
  }

  /**
   * Simulated benches (`recueil sim day`, fault `host-crash`): kills the host as a crash would
   * (SIGKILL) and keeps it down until `resume()`; resolves once it is down.
   */
  async crash(): Promise<void> {
    this.held = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.onExit(() => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Ends a `crash()`: starts the host again and resolves once it is ready. */
  resume(): Promise<void> {
    if (!this.held) return Promise.resolve();
    this.held = false;
    if (this.child) return Promise.resolve();
    const ready = new Promise<void>((resolve) => this.once('ready', () => resolve()));
    this.status = { ...this.status, restarts: this.status.restarts + 1 };
    this.spawn();
    return ready;
  }

  async stop(timeoutMs = 3000): Promise<void> {
    this.stopping = true;
    this.held = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) {
      this.setStatus({ state: 'stopped', pid: undefined });
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, timeoutMs);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
