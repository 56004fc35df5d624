/**
 * A driver's operations run one at a time, each in its own Operation state machine: the queue (an
 * operation starts once the previous one settled, whatever its outcome), the running operation (for
 * cancel and close), the driver's closed state, and one DeviceError for every failure, so no raw error
 * leaves a driver. Used by the drivers that talk to one device over one link (ZFM, MOSIP SBI).
 */
import type { OperationOptions } from './capabilities';
import { DeviceError } from './errors';
import { Operation, type TransitionTable } from './operation';

export interface OperationQueueOptions {
  /** Maps a failure that is not a DeviceError yet (a frame error, a bug) to one, for operation `name`. */
  toDeviceError: (reason: unknown, name: string) => DeviceError;
  /** Close the queue when an operation fails with a 'disconnected' DeviceError (default false). */
  closeOnDisconnected?: boolean;
}

export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private current: Operation<string> | undefined;
  private closedError: DeviceError | undefined;

  constructor(private readonly options: OperationQueueOptions) {}

  /** True once `close()` was called (or a disconnection closed it): every next run rejects. */
  get closed(): boolean {
    return this.closedError !== undefined;
  }

  /** Cancels the running operation, if any: it rejects with a 'cancelled' DeviceError. */
  cancel(): void {
    this.current?.cancel();
  }

  /** Fails the running operation with `error` and every next run with the first such error. */
  close(error: DeviceError): void {
    this.closedError ??= error;
    this.current?.fail(error);
  }

  /**
   * Runs `body` in a new Operation (from 'start' to 'done' through `transitions`) once the previous one
   * settled; its deadline is the caller's `timeoutMs`, else `defaultTimeoutMs`. Rejects with a DeviceError.
   */
  run<S extends string, T>(
    name: string,
    transitions: TransitionTable<S> & Record<'start' | 'done', readonly S[]>,
    options: Pick<OperationOptions, 'timeoutMs' | 'signal'>,
    defaultTimeoutMs: number,
    body: (op: Operation<S>) => Promise<T>,
  ): Promise<T> {
    const task = async (): Promise<T> => {
      if (this.closedError) throw this.closedError;
      const op = new Operation<S>({
        name,
        initial: 'start' as S,
        transitions,
        final: ['done' as S],
        timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
        signal: options.signal,
      });
      this.current = op as unknown as Operation<string>;
      try {
        return await body(op);
      } catch (error) {
        const reason: unknown = op.signal.aborted ? op.signal.reason : error;
        const failure = reason instanceof DeviceError ? reason : this.options.toDeviceError(reason, name);
        op.fail(failure);
        if (this.options.closeOnDisconnected && failure.kind === 'disconnected') this.closedError ??= failure;
        throw failure;
      } finally {
        op.dispose();
        if (this.current === (op as unknown as Operation<string>)) this.current = undefined;
      }
    };
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
