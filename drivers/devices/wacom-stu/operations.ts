/**
 * The named states of every STU driver operation (drivers/core/operation.ts runs them) and the
 * helper that derives a bounded sub-operation from a long one (a clear or finish inside a capture
 * gets its own deadline but still ends when the capture ends).
 */
import { DeviceError, FrameError } from '../../core/errors';
import { Operation, type TransitionTable } from '../../core/operation';

export type IdentifyState = 'information' | 'hid-information' | 'uid' | 'done';
export const identifyStates: TransitionTable<IdentifyState> = {
  information: ['hid-information'],
  'hid-information': ['uid'],
  uid: ['done'],
  done: [],
};

export type SimpleState = 'running' | 'done';
export const simpleStates: TransitionTable<SimpleState> = { running: ['done'], done: [] };

export type ResetState = 'resetting' | 'waiting-ready' | 'done';
export const resetStates: TransitionTable<ResetState> = {
  resetting: ['waiting-ready'],
  'waiting-ready': ['done'],
  done: [],
};

export type SelfTestState = 'status' | 'capability' | 'inking' | 'done';
export const selfTestStates: TransitionTable<SelfTestState> = {
  status: ['capability'],
  capability: ['inking'],
  inking: ['done'],
  done: [],
};

export type CaptureState =
  | 'configuring'
  | 'streaming'
  | 'clearing'
  | 'finishing'
  | 'cancelling'
  | 'done'
  | 'cancelled';
export const captureStates: TransitionTable<CaptureState> = {
  configuring: ['streaming', 'cancelling'],
  streaming: ['clearing', 'finishing', 'cancelling'],
  clearing: ['streaming', 'cancelling'],
  finishing: ['done'],
  cancelling: ['cancelled'],
  done: [],
  cancelled: [],
};

export type UploadState =
  | 'waiting-ready'
  | 'starting'
  | 'sending'
  | 'ending'
  | 'abandoning'
  | 'done'
  | 'abandoned';
export const uploadStates: TransitionTable<UploadState> = {
  'waiting-ready': ['starting'],
  starting: ['sending'],
  sending: ['ending', 'abandoning'],
  ending: ['done'],
  abandoning: ['abandoned'],
  done: [],
  abandoned: [],
};

/**
 * Any failure or abort reason as a DeviceError: frame errors are protocol errors, a bare abort
 * (no reason, AbortError) is a cancel, anything else is fatal.
 */
export function asDeviceError(reason: unknown, name: string): DeviceError {
  if (reason instanceof DeviceError) return reason;
  if (reason instanceof FrameError) {
    return new DeviceError('protocol', 'STU_BAD_FRAME', `${name}: ${reason.message}`, { cause: reason });
  }
  if (reason === undefined || (reason instanceof Error && reason.name === 'AbortError')) {
    return new DeviceError('cancelled', `${name.toUpperCase()}_CANCELLED`, `${name} cancelled`, {
      cause: reason,
    });
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  return new DeviceError('fatal', `${name.toUpperCase()}_FAILED`, `${name}: ${message}`, { cause: reason });
}

/**
 * Runs `body` as a short operation bound to `parent`: its own deadline, and it fails with the
 * parent's reason when the parent ends first (unplug, cancel, capture timeout).
 */
export async function runSubOperation<T>(
  name: string,
  parent: AbortSignal,
  timeoutMs: number,
  body: (op: Operation<SimpleState>) => Promise<T>,
): Promise<T> {
  const op = new Operation<SimpleState>({
    name,
    initial: 'running',
    transitions: simpleStates,
    final: ['done'],
    timeoutMs,
  });
  const onAbort = () => op.fail(asDeviceError(parent.reason, name));
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  try {
    const value = await body(op);
    op.to('done');
    return value;
  } finally {
    parent.removeEventListener('abort', onAbort);
    op.dispose();
  }
}
