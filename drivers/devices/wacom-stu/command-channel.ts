/**
 * The STU command channel: feature-report exchanges over a HidTransport, one at a time, with the
 * SDK's discipline — before a command, poll Status until the firmware's allow-table accepts it in
 * the current status; after a set, read Status and turn a non-zero lastResultCode into a typed
 * DeviceError. Every exchange is raced against the operation's AbortSignal (timeout, cancel,
 * unplug) and recorded in the protocol trace.
 */
import { DeviceError, FrameError } from '../../core/errors';
import { delay } from '../../core/operation';
import type { ProtocolTrace } from '../../core/trace';
import type { HidTransport } from '../../core/transport';
import { ReportId, ReportLength, reportName } from './protocol/report-ids';
import {
  type Direction,
  decodeStatus,
  ResultCode,
  resultName,
  type Status,
  StatusCode,
  statusAllows,
  statusName,
} from './protocol/status';

export interface CommandChannelOptions {
  /** Interval between Status polls while waiting for an allowed status. */
  statusPollMs: number;
  /** How long to wait for an allowed status before giving up with STU_BAD_STATUS. */
  statusWaitMs: number;
}

export interface ExchangeOptions {
  /** Bytes are personal (image data that may show a name): trace them masked. */
  personal?: boolean;
  /** Skip the trace entry (bulk image blocks are traced sparsely by the caller). */
  untraced?: boolean;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export class CommandChannel {
  /** Tail of the exchange queue: released when the transport call settles, not when a caller gives up. */
  private tail: Promise<unknown> = Promise.resolve();
  private broken: DeviceError | undefined;

  constructor(
    private readonly transport: HidTransport,
    private readonly trace: ProtocolTrace,
    private readonly options: CommandChannelOptions,
  ) {}

  /** After unplug or close every exchange fails with this error. */
  breakWith(error: DeviceError): void {
    this.broken ??= error;
  }

  private enqueue<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    const run = this.tail.then(() => {
      if (this.broken) throw this.broken;
      if (signal.aborted) throw signal.reason;
      return call();
    });
    this.tail = run.catch(() => undefined);
    return raceSignal(run, signal).catch((error: unknown) => {
      throw this.translate(error);
    });
  }

  private translate(error: unknown): unknown {
    if (error instanceof DeviceError || error instanceof FrameError) return error;
    if (this.broken) return this.broken;
    return new DeviceError(
      'fatal',
      'HID_IO',
      `HID transfer failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }

  /** GET_REPORT(feature), exact length checked by the caller's decoder. */
  get(
    reportId: number,
    length: number,
    signal: AbortSignal,
    options: ExchangeOptions = {},
  ): Promise<Uint8Array> {
    return this.enqueue(async () => {
      if (!options.untraced)
        this.trace.record('out', Uint8Array.of(reportId), { note: `get ${reportName(reportId)}` });
      const bytes = await this.transport.getFeatureReport(reportId, length);
      if (!options.untraced)
        this.trace.record('in', bytes, { personal: options.personal, note: reportName(reportId) });
      return bytes;
    }, signal);
  }

  async status(signal: AbortSignal): Promise<Status> {
    const bytes = await this.get(ReportId.Status, ReportLength.Status, signal);
    try {
      return decodeStatus(bytes);
    } catch (error) {
      throw new DeviceError('protocol', 'STU_BAD_FRAME', `Status: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Polls Status until the firmware accepts `direction` of `reportId`; STU_BAD_STATUS otherwise. */
  async waitForStatusToSend(reportId: number, direction: Direction, signal: AbortSignal): Promise<Status> {
    const deadline = performance.now() + this.options.statusWaitMs;
    for (;;) {
      const status = await this.status(signal);
      if (statusAllows(status.statusCode, reportId, direction)) return status;
      if (performance.now() >= deadline) {
        throw new DeviceError(
          'protocol',
          'STU_BAD_STATUS',
          `${direction} ${reportName(reportId)} not accepted in status ${statusName(status.statusCode)}`,
          { protocolStatus: statusName(status.statusCode) },
        );
      }
      await delay(this.options.statusPollMs, signal);
    }
  }

  /** Polls Status until it is `wanted` (e.g. Ready after a reset). */
  async waitForStatus(wanted: number, signal: AbortSignal): Promise<Status> {
    const deadline = performance.now() + this.options.statusWaitMs;
    for (;;) {
      let status: Status | undefined;
      try {
        status = await this.status(signal);
      } catch (error) {
        // During a reset the firmware may not answer for a moment.
        if (!(error instanceof DeviceError) || error.code !== 'HID_IO') throw error;
      }
      if (status?.statusCode === wanted) return status;
      if (performance.now() >= deadline) {
        throw new DeviceError(
          'protocol',
          'STU_BAD_STATUS',
          `status ${status ? statusName(status.statusCode) : 'unreadable'}, expected ${statusName(wanted)}`,
          {
            protocolStatus: status ? statusName(status.statusCode) : undefined,
          },
        );
      }
      await delay(this.options.statusPollMs, signal);
    }
  }

  /** SET_REPORT(feature) without status gating or result check. */
  send(bytes: Uint8Array, signal: AbortSignal, options: ExchangeOptions = {}): Promise<void> {
    return this.enqueue(async () => {
      if (!options.untraced) {
        this.trace.record('out', bytes, {
          personal: options.personal,
          note: `set ${reportName(bytes[0] ?? 0)}`,
        });
      }
      await this.transport.sendFeatureReport(bytes);
    }, signal);
  }

  /** Throws the typed error of a non-zero lastResultCode. */
  static checkResult(status: Status, reportId: number): void {
    if (status.lastResultCode === ResultCode.None) return;
    const name = resultName(status.lastResultCode);
    throw new DeviceError(
      'protocol',
      `STU_RESULT_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`,
      `${reportName(reportId)} refused by the pad: ${name}`,
      {
        protocolStatus: `${statusName(status.statusCode)}/${name}`,
      },
    );
  }

  /** The SDK's checked set: wait for an allowed status, send, read Status, check the result. */
  async command(bytes: Uint8Array, signal: AbortSignal, options: ExchangeOptions = {}): Promise<Status> {
    const reportId = bytes[0] ?? 0;
    await this.waitForStatusToSend(reportId, 'set', signal);
    await this.send(bytes, signal, options);
    const after = await this.status(signal);
    CommandChannel.checkResult(after, reportId);
    return after;
  }

  /** Like `command` but for Reset: the result is read once the firmware is back to Ready. */
  async reset(bytes: Uint8Array, signal: AbortSignal): Promise<Status> {
    await this.waitForStatusToSend(ReportId.Reset, 'set', signal);
    await this.send(bytes, signal);
    return this.waitForStatus(StatusCode.Ready, signal);
  }
}
