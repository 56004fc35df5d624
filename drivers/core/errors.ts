/**
 * Error taxonomy of drivers. A `DeviceError` says whether the device is at fault (fatal, protocol,
 * timeout, disconnected) or whether the operator just has to act (`operator`, with a French prompt
 * such as "Posez le doigt"). It carries the protocol status and the cause, for diagnostics, and
 * crosses process boundaries as a contract error envelope: the agent reads the prompt, or the French
 * sentence of its kind; the driver's own (English, technical) message goes to the technical detail.
 */
import { type ErrorPayload, StationError, TECHNICAL_DETAIL, technicalDetail } from '../../common/errors';

export type DeviceErrorKind = 'fatal' | 'protocol' | 'timeout' | 'disconnected' | 'cancelled' | 'operator';

export interface DeviceErrorOptions {
  /** Protocol-level status (e.g. ZFM confirmation code 0x02, ISO 7816 SW 6A82). */
  protocolStatus?: string;
  /** French instruction for the operator when kind is 'operator'. */
  prompt?: string;
  cause?: unknown;
}

/** What the agent is told about a device error that has no prompt of its own, by kind. */
export const deviceErrorMessages: Record<DeviceErrorKind, string> = {
  fatal:
    'Périphérique en défaut : débranchez-le et rebranchez-le, puis lancez son auto-test depuis le diagnostic.',
  protocol:
    'Le périphérique a répondu de façon inattendue : réessayez ; si cela persiste, réinitialisez-le depuis le diagnostic.',
  timeout: 'Le périphérique ne répond pas : vérifiez son câble et réessayez.',
  disconnected: 'Périphérique déconnecté : rebranchez-le et réessayez.',
  cancelled: 'Opération annulée sur le périphérique : recommencez si besoin.',
  operator: 'Suivez l’instruction du périphérique et réessayez.',
};

export class DeviceError extends Error {
  readonly protocolStatus: string | undefined;
  readonly prompt: string | undefined;

  constructor(
    readonly kind: DeviceErrorKind,
    /** Stable code, e.g. 'ZFM_NO_FINGER', 'STU_BAD_STATUS', 'HID_DISCONNECTED'. */
    readonly code: string,
    message: string,
    options: DeviceErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeviceError';
    this.protocolStatus = options.protocolStatus;
    this.prompt = options.prompt;
  }

  get isOperatorPrompt(): boolean {
    return this.kind === 'operator';
  }

  toPayload(): ErrorPayload {
    const code =
      this.kind === 'operator' ? 'OPERATOR_RETRY' : this.kind === 'timeout' ? 'TIMEOUT' : 'DEVICE_ERROR';
    const details: Record<string, unknown> = {
      deviceCode: this.code,
      kind: this.kind,
      [TECHNICAL_DETAIL]: technicalDetail(this),
    };
    if (this.protocolStatus) details.protocolStatus = this.protocolStatus;
    return new StationError(code, this.prompt ?? deviceErrorMessages[this.kind], details).toPayload();
  }
}

export function operatorPrompt(code: string, prompt: string, protocolStatus?: string): DeviceError {
  return new DeviceError('operator', code, prompt, { prompt, protocolStatus });
}

export function isDeviceError(error: unknown): error is DeviceError {
  return error instanceof DeviceError;
}

/** Error of a parser of device or chip data: malformed input, never a crash. */
export class FrameError extends Error {
  constructor(
    readonly code: 'TRUNCATED' | 'BAD_CHECKSUM' | 'BAD_HEADER' | 'BAD_LENGTH' | 'TOO_LARGE' | 'UNEXPECTED',
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}
