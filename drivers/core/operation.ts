/**
 * One state machine per device operation: named states, an allowed-transition table, a deadline and
 * cancellation through AbortSignal. Drivers run each operation (capture, reset, self-test...) in one
 * of these, so a hung device ends in a `timeout` DeviceError and a cancel leaves the driver usable.
 */
import { DeviceError } from './errors';

export type TransitionTable<S extends string> = Record<S, readonly S[]>;

/** States of an operation that is one exchange with the device (identify, a self-test, a query). */
export type ExchangeState = 'start' | 'exchanging' | 'done';
export const exchangeTransitions: TransitionTable<ExchangeState> = {
  start: ['exchanging'],
  exchanging: ['done'],
  done: [],
};

export interface OperationOptions<S extends string> {
  name: string;
  initial: S;
  transitions: TransitionTable<S>;
  /** Terminal states: reaching one settles the operation. */
  final: readonly S[];
  timeoutMs: number;
  signal?: AbortSignal;
  onTransition?: (from: S, to: S) => void;
}

export class Operation<S extends string> {
  private current: S;
  private readonly history: S[] = [];
  private readonly abortController = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private settledError: DeviceError | undefined;

  constructor(private readonly options: OperationOptions<S>) {
    this.current = options.initial;
    this.history.push(options.initial);
    this.timer = setTimeout(
      () =>
        this.fail(
          new DeviceError(
            'timeout',
            `${options.name.toUpperCase()}_TIMEOUT`,
            `${options.name}: no answer in ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    const external = options.signal;
    if (external) {
      if (external.aborted) this.cancel();
      else external.addEventListener('abort', () => this.cancel(), { once: true });
    }
  }

  get state(): S {
    return this.current;
  }

  get states(): readonly S[] {
    return this.history;
  }

  /** Aborted when the operation times out, is cancelled or fails: pass it to every wait. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** Moves to `to`; throws if the transition is not in the table or the operation already ended. */
  to(to: S): void {
    this.throwIfSettled();
    const allowed = this.options.transitions[this.current];
    if (!allowed.includes(to)) {
      throw new DeviceError(
        'fatal',
        'ILLEGAL_TRANSITION',
        `${this.options.name}: ${this.current} -> ${to} is not allowed`,
      );
    }
    const from = this.current;
    this.current = to;
    this.history.push(to);
    this.options.onTransition?.(from, to);
    if (this.options.final.includes(to)) this.settle();
  }

  throwIfSettled(): void {
    if (this.settledError) throw this.settledError;
  }

  cancel(): void {
    this.fail(
      new DeviceError(
        'cancelled',
        `${this.options.name.toUpperCase()}_CANCELLED`,
        `${this.options.name} cancelled`,
      ),
    );
  }

  fail(error: DeviceError): void {
    if (this.settledError || this.abortController.signal.aborted) return;
    this.settledError = error;
    clearTimeout(this.timer);
    this.abortController.abort(error);
  }

  private settle(): void {
    clearTimeout(this.timer);
  }

  /** Ends the operation (success path or not) and releases its timer. */
  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** Resolves after `ms` unless the signal aborts first (then rejects with the abort reason). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
