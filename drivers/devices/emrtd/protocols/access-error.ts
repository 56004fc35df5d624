/**
 * Typed failures of the chip protocols (BAC, PACE, CA, TA), with the status word when the chip
 * gave one. The reader layer turns them into French `DeviceError`s for the operator.
 */
export type AccessErrorCode =
  | 'WRONG_PASSWORD'
  | 'PASSWORD_SUSPENDED'
  | 'PASSWORD_BLOCKED'
  | 'UNSUPPORTED'
  | 'AUTHENTICATION_FAILED'
  | 'CERTIFICATE_REJECTED'
  | 'CERTIFICATE_EXPIRED'
  | 'PROTOCOL';

export class AccessControlError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
    readonly details: { sw?: number; triesLeft?: number; protocol?: string } = {},
  ) {
    super(message);
    this.name = 'AccessControlError';
  }
}

/** Maps the status word of a failed password step (ICAO 9303-11 §4.4, ISO 7816-4). */
export function passwordFailure(protocol: string, sw: number): AccessControlError {
  if ((sw & 0xfff0) === 0x63c0)
    return new AccessControlError('WRONG_PASSWORD', `${protocol}: wrong password`, {
      sw,
      triesLeft: sw & 0x0f,
      protocol,
    });
  if (sw === 0x6300)
    return new AccessControlError('WRONG_PASSWORD', `${protocol}: wrong password`, { sw, protocol });
  if (sw === 0x6983)
    return new AccessControlError('PASSWORD_BLOCKED', `${protocol}: password blocked`, { sw, protocol });
  if (sw === 0x6985 || sw === 0x6283)
    return new AccessControlError('PASSWORD_SUSPENDED', `${protocol}: password suspended`, { sw, protocol });
  return new AccessControlError('PROTOCOL', `${protocol}: status ${sw.toString(16)}`, { sw, protocol });
}
