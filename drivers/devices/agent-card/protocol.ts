/**
 * The agent card's APDU protocol (pure functions over bytes). The applet is the project's own
 * (town halls' agent cards differ by vendor; this is the profile the station speaks):
 *
 * - SELECT the applet by AID `F2 52 45 43 55 45 49 4C 01` ("F2" + "RECUEIL" + version 01);
 * - the agent certificate, X.509 DER, in EF `C000` (SELECT `00 A4 02 0C 02 C0 00`, then READ
 *   BINARY in chunks); readable without PIN, it is public;
 * - VERIFY `00 20 00 81 08 <PIN>`: PIN of 4 to 8 ASCII digits padded with FF to 8 bytes; answers
 *   9000, 63Cx (x tries left), 6983 (blocked: 3 wrong PINs in a row); VERIFY without data asks
 *   for the state (9000 already verified, 63Cx not yet);
 * - INTERNAL AUTHENTICATE `00 88 00 00 Lc <challenge 16..64 bytes> 00`: ECDSA P-256 / SHA-256
 *   signature (DER, X9.62) of the challenge with the card key, only after a successful VERIFY
 *   (6982 otherwise).
 */
import { encodeCommandApdu } from '../iso7816/apdu';

export const agentAppletAid = 'F25245435545494C01';
export const certificateFid = 'C000';
export const pinReference = 0x81;
export const maxPinTries = 3;

export const INS_VERIFY = 0x20;
export const INS_INTERNAL_AUTHENTICATE = 0x88;

export const SW_OK = 0x9000;
export const SW_SECURITY_NOT_SATISFIED = 0x6982;
export const SW_AUTH_BLOCKED = 0x6983;
export const SW_WRONG_LENGTH = 0x6700;
export const SW_WRONG_DATA = 0x6a80;

/** A PIN as the station accepts it: 4 to 8 digits. */
export function isWellFormedPin(pin: string): boolean {
  return /^[0-9]{4,8}$/.test(pin);
}

/** ASCII digits padded with FF to 8 bytes (the format VERIFY carries). */
export function encodePinBlock(pin: string): Uint8Array {
  if (!isWellFormedPin(pin)) throw new RangeError('a PIN has 4 to 8 digits');
  const block = new Uint8Array(8).fill(0xff);
  for (let i = 0; i < pin.length; i++) block[i] = pin.charCodeAt(i);
  return block;
}

/** The PIN digits of a block, or undefined when the block is not a valid padded PIN. */
export function decodePinBlock(block: Uint8Array): string | undefined {
  if (block.length !== 8) return undefined;
  let pin = '';
  let padding = false;
  for (const byte of block) {
    if (byte === 0xff) padding = true;
    else if (padding || byte < 0x30 || byte > 0x39) return undefined;
    else pin += String.fromCharCode(byte);
  }
  return pin.length >= 4 ? pin : undefined;
}

/** 63Cx → x; undefined for any other status word. */
export function triesLeftFrom(sw: number): number | undefined {
  return (sw & 0xfff0) === 0x63c0 ? sw & 0x0f : undefined;
}

export const commands = {
  selectApplet: () =>
    encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: Buffer.from(agentAppletAid, 'hex') }),
  selectCertificate: () =>
    encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Buffer.from(certificateFid, 'hex') }),
  readBinary: (offset: number, length: number) =>
    encodeCommandApdu({ cla: 0, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, ne: length }),
  verifyPin: (pin: string) =>
    encodeCommandApdu({ cla: 0, ins: INS_VERIFY, p1: 0, p2: pinReference, data: encodePinBlock(pin) }),
  pinStatus: () => encodeCommandApdu({ cla: 0, ins: INS_VERIFY, p1: 0, p2: pinReference }),
  internalAuthenticate: (challenge: Uint8Array) =>
    encodeCommandApdu({ cla: 0, ins: INS_INTERNAL_AUTHENTICATE, p1: 0, p2: 0, data: challenge, ne: 256 }),
};
