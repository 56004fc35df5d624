/**
 * A live STU signature capture: receives pen input reports, turns them into PenPoints (device time,
 * pressure), reports dropped reports, and implements clear / finish / cancel as steps of the
 * capture's state machine. The session ends exactly once — after finish, after cancel, or with the
 * error that ended its operation (timeout, unplug, driver closed) — and then stops listening.
 */
import type { PenPoint, SignatureCaptureStats, SignatureSession } from '../../core/capabilities';
import { DeviceError } from '../../core/errors';
import type { Operation } from '../../core/operation';
import type { ProtocolTrace } from '../../core/trace';
import type { HidTransport } from '../../core/transport';
import type { CommandChannel } from './command-channel';
import { asDeviceError, type CaptureState, runSubOperation } from './operations';
import type { PenStreamDecoder, SequenceGap } from './pen-stream';
import { clearScreenCodec, inkingModeCodec } from './protocol/feature-reports';
import { reportName } from './protocol/report-ids';

export interface CaptureSessionDeps {
  transport: HidTransport;
  channel: CommandChannel;
  trace: ProtocolTrace;
  operation: Operation<CaptureState>;
  decoder: PenStreamDecoder;
  /** Deadline of each command inside the capture (clear, finish, cancel). */
  commandTimeoutMs: number;
  /** 'device' when the pad stamps reports (option mode 3), else 'host'. */
  timing: 'device' | 'host';
  onEnded: (error?: Error) => void;
}

export class StuCaptureSession implements SignatureSession {
  private points: PenPoint[] = [];
  private readonly pointListeners = new Set<(point: PenPoint) => void>();
  private readonly gapListeners = new Set<(gap: SequenceGap) => void>();
  private readonly endListeners = new Set<(error?: Error) => void>();
  private readonly unsubscribeInput: () => void;
  private ended = false;
  private endError: Error | undefined;

  constructor(private readonly deps: CaptureSessionDeps) {
    this.unsubscribeInput = deps.transport.onInputReport((report) => this.onReport(report));
    const signal = deps.operation.signal;
    if (signal.aborted) this.end(asDeviceError(signal.reason, 'capture'));
    else
      signal.addEventListener('abort', () => this.end(asDeviceError(signal.reason, 'capture')), {
        once: true,
      });
  }

  get timing(): 'device' | 'host' {
    return this.deps.timing;
  }

  get state(): CaptureState {
    return this.deps.operation.state;
  }

  get error(): Error | undefined {
    return this.endError;
  }

  private onReport(report: Uint8Array): void {
    if (this.ended) return;
    const event = this.deps.decoder.accept(report);
    const notes: string[] = [reportName(report[0] ?? 0)];
    if (event.sequence !== undefined) notes.push(`seq ${event.sequence}`);
    if (event.gap) notes.push(`gap: ${event.gap.missing} report(s) lost`);
    if (event.malformed) notes.push(`malformed: ${event.malformed.message}`);
    // Pen coordinates and pressure are personal: only the report id is shown.
    this.deps.trace.record('in', report, { personal: true, visibleBytes: 1, note: notes.join(', ') });
    if (this.deps.operation.state !== 'streaming') return;
    if (event.gap) for (const l of [...this.gapListeners]) l(event.gap);
    const point = event.point;
    if (!point) return;
    this.points.push(point);
    for (const l of [...this.pointListeners]) {
      try {
        l(point);
      } catch {
        // A faulty listener must not stop the capture.
      }
    }
  }

  onPoint(listener: (point: PenPoint) => void): () => void {
    this.pointListeners.add(listener);
    return () => this.pointListeners.delete(listener);
  }

  /** Fires for each sequence gap (reports the pad sent that never arrived). */
  onGap(listener: (gap: SequenceGap) => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  onEnd(listener: (error?: Error) => void): () => void {
    if (this.ended) {
      queueMicrotask(() => listener(this.endError));
      return () => undefined;
    }
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  stats(): SignatureCaptureStats {
    return { ...this.deps.decoder.stats(), points: this.points.length };
  }

  private throwIfEnded(): void {
    if (this.ended) {
      throw (
        this.endError ?? new DeviceError('fatal', 'STU_SESSION_ENDED', 'signature session already finished')
      );
    }
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = error;
    this.unsubscribeInput();
    this.pointListeners.clear();
    this.gapListeners.clear();
    this.deps.operation.dispose();
    this.deps.onEnded(error);
    const listeners = [...this.endListeners];
    this.endListeners.clear();
    for (const l of listeners) l(error);
  }

  private command(name: string, bytes: Uint8Array): Promise<unknown> {
    return runSubOperation(name, this.deps.operation.signal, this.deps.commandTimeoutMs, (op) =>
      this.deps.channel.command(bytes, op.signal),
    );
  }

  /** Clears the pad's screen and the points so far; the stream continues. */
  async clear(): Promise<void> {
    this.throwIfEnded();
    const op = this.deps.operation;
    op.to('clearing');
    try {
      await this.command('clear', clearScreenCodec.encode(0));
    } catch (error) {
      this.fail(error);
      throw error;
    }
    this.points = [];
    this.deps.decoder.resetStats();
    op.to('streaming');
  }

  /** Stops inking and returns the points (tablet units, device ms). */
  async finish(): Promise<PenPoint[]> {
    this.throwIfEnded();
    const op = this.deps.operation;
    op.to('finishing');
    const points = this.points;
    this.unsubscribeInput();
    try {
      await this.command('finish', inkingModeCodec.encode(0));
    } catch (error) {
      this.fail(error);
      throw error;
    }
    op.to('done');
    this.end();
    return points;
  }

  /** Stops inking, clears the pad and drops the points. */
  async cancel(): Promise<void> {
    if (this.ended) return;
    const op = this.deps.operation;
    op.to('cancelling');
    this.unsubscribeInput();
    try {
      await this.command('cancel', inkingModeCodec.encode(0));
      await this.command('cancel', clearScreenCodec.encode(0));
    } catch (error) {
      this.fail(error);
      throw error;
    }
    this.points = [];
    op.to('cancelled');
    this.end(new DeviceError('cancelled', 'CAPTURE_CANCELLED', 'signature capture cancelled'));
  }

  private fail(error: unknown): void {
    const e = asDeviceError(error, 'capture');
    this.deps.operation.fail(e);
    this.end(e);
  }
}
