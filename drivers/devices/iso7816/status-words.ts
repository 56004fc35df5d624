/**
 * ISO/IEC 7816-4 status words with their meaning, for diagnostics and error messages.
 */
const exact: Record<number, string> = {
  36864: 'normal processing',
  25217: 'part of returned data may be corrupted',
  25218: 'end of file reached before reading Ne bytes',
  25219: 'selected file invalidated',
  26368: 'wrong length',
  26753: 'logical channel not supported',
  26754: 'secure messaging not supported',
  27010: 'security status not satisfied',
  27011: 'authentication method blocked',
  27012: 'reference data not usable',
  27013: 'conditions of use not satisfied',
  27014: 'command not allowed (no current EF)',
  27015: 'expected secure messaging data objects missing',
  27016: 'incorrect secure messaging data objects',
  27264: 'incorrect parameters in the data field',
  27265: 'function not supported',
  27266: 'file or application not found',
  27267: 'record not found',
  27270: 'incorrect parameters P1-P2',
  27272: 'referenced data not found',
  27392: 'wrong parameters (offset outside the EF)',
  27904: 'instruction code not supported',
  28160: 'class not supported',
  28416: 'no precise diagnosis',
};

export function describeStatusWord(sw: number): string {
  const known = exact[sw];
  if (known) return known;
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  if (sw1 === 0x61) return `${sw2 === 0 ? 256 : sw2} more response bytes available`;
  if (sw1 === 0x6c) return `wrong Le: ${sw2} bytes available`;
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return `verification failed, ${sw2 & 0x0f} tries left`;
  if (sw1 === 0x62 || sw1 === 0x63) return 'warning';
  if (sw1 === 0x64 || sw1 === 0x65) return 'execution error';
  return 'unknown status';
}

export function formatStatusWord(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export function isSuccess(sw: number): boolean {
  return sw === 0x9000 || sw >> 8 === 0x61;
}

/** The secure-messaging session is dead: redo access control (PACE/BAC). */
export function isSecureMessagingLost(sw: number): boolean {
  return sw === 0x6987 || sw === 0x6988;
}
