/**
 * Secure messaging of ICAO 9303-11 §9.8 for 3DES (BAC, PACE/CA 3DES) and AES (PACE/CA AES):
 * protects command APDUs and verifies/decrypts response APDUs with the send sequence counter
 * (SSC), on the terminal side; and the mirror operations for the chip simulator. Hand-written
 * (product core). The SSC is incremented before every wrap and every unwrap; AES uses
 * IV = E(KSenc, SSC) and CMAC over method-2-padded input, 3DES a zero IV and the retail MAC.
 */
import type { CommandApdu, ResponseApdu } from '../../iso7816/apdu';
import { encodeCommandApdu, parseCommandApdu } from '../../iso7816/apdu';
import {
  aesCbc,
  aesCmac,
  aesEcbEncrypt,
  type CipherFamily,
  pad,
  retailMac,
  tdesCbc,
  unpad,
} from '../crypto/block-cipher';
import { equalBytes } from '../tlv/asn1';
import { concatBytes, encodeTlv, parseTlvList, type Tlv } from '../tlv/tlv';

export type SecureMessagingErrorCode = 'BAD_MAC' | 'MISSING_DO' | 'BAD_CRYPTOGRAM' | 'SESSION_LOST';

/** A protected response that fails verification, or a chip that dropped the session (6987/6988). */
export class SecureMessagingError extends Error {
  constructor(
    readonly code: SecureMessagingErrorCode,
    message: string,
    readonly sw?: number,
  ) {
    super(message);
    this.name = 'SecureMessagingError';
  }
}

export class SecureMessaging {
  private ssc: Uint8Array;
  readonly blockSize: number;

  constructor(
    readonly family: CipherFamily,
    private readonly ksEnc: Uint8Array,
    private readonly ksMac: Uint8Array,
    ssc?: Uint8Array,
  ) {
    this.blockSize = family === 'aes' ? 16 : 8;
    this.ssc = ssc ? Uint8Array.from(ssc) : new Uint8Array(this.blockSize);
    if (this.ssc.length !== this.blockSize) throw new RangeError(`SSC must be ${this.blockSize} bytes`);
    if (family === '3des' && (ksEnc.length !== 16 || ksMac.length !== 16))
      throw new RangeError('3DES SM keys are 16 bytes');
  }

  /** A copy of the current send sequence counter. */
  get sendSequenceCounter(): Uint8Array {
    return Uint8Array.from(this.ssc);
  }

  private increment(): void {
    for (let k = this.ssc.length - 1; k >= 0; k--) {
      this.ssc[k] = (this.ssc[k]! + 1) & 0xff;
      if (this.ssc[k] !== 0) break;
    }
  }

  private iv(): Uint8Array {
    return this.family === 'aes' ? aesEcbEncrypt(this.ksEnc, this.ssc) : new Uint8Array(8);
  }

  private encrypt(data: Uint8Array): Uint8Array {
    const padded = pad(data, this.blockSize);
    return this.family === 'aes'
      ? aesCbc(this.ksEnc, this.iv(), padded, false)
      : tdesCbc(this.ksEnc, this.iv(), padded, false);
  }

  private decrypt(cryptogram: Uint8Array): Uint8Array {
    if (cryptogram.length === 0 || cryptogram.length % this.blockSize !== 0)
      throw new SecureMessagingError('BAD_CRYPTOGRAM', 'SM: cryptogram is not a whole number of blocks');
    const plain =
      this.family === 'aes'
        ? aesCbc(this.ksEnc, this.iv(), cryptogram, true)
        : tdesCbc(this.ksEnc, this.iv(), cryptogram, true);
    const data = unpad(plain);
    if (!data) throw new SecureMessagingError('BAD_CRYPTOGRAM', 'SM: bad padding in the cryptogram');
    return data;
  }

  /** MAC over pad(SSC || input), 8 bytes. */
  private mac(input: Uint8Array): Uint8Array {
    const n = pad(concatBytes(this.ssc, input), this.blockSize);
    return this.family === 'aes' ? aesCmac(this.ksMac, n).subarray(0, 8) : retailMac(this.ksMac, n);
  }

  private static leBytes(ne: number, extended: boolean): Uint8Array {
    if (!extended) return Uint8Array.of(ne === 256 ? 0 : ne);
    const v = ne === 65536 ? 0 : ne;
    return Uint8Array.of(v >> 8, v & 0xff);
  }

  private dataObject(ins: number, data: Uint8Array): Uint8Array {
    const cryptogram = this.encrypt(data);
    return (ins & 1) === 1
      ? encodeTlv(0x85, cryptogram)
      : encodeTlv(0x87, concatBytes(Uint8Array.of(1), cryptogram));
  }

  /**
   * Decrypts a DO87 value (01 || cryptogram) with the current SSC, without touching the SSC:
   * for diagnostics and the recorded-capture tests.
   */
  decryptDataObject87(value: Uint8Array): Uint8Array {
    if (value[0] !== 0x01)
      throw new SecureMessagingError('BAD_CRYPTOGRAM', 'SM: DO87 without padding indicator 01');
    return this.decrypt(value.subarray(1));
  }

  // ------------------------------------------------------------------------------------------
  // Terminal side

  /** Protects a plain command APDU; returns the bytes to transmit. */
  wrapCommand(command: CommandApdu): Uint8Array {
    this.increment();
    const cla = command.cla | 0x0c;
    const header = pad(Uint8Array.of(cla, command.ins, command.p1, command.p2), this.blockSize);
    const data = command.data ?? new Uint8Array(0);
    const ne = command.ne ?? 0;
    const extendedLe = ne > 256 || command.extended === true;
    const do87 = data.length > 0 ? this.dataObject(command.ins, data) : new Uint8Array(0);
    const do97 = ne > 0 ? encodeTlv(0x97, SecureMessaging.leBytes(ne, extendedLe)) : new Uint8Array(0);
    const cc = this.mac(concatBytes(header, do87, do97));
    const body = concatBytes(do87, do97, encodeTlv(0x8e, cc));
    const extended = body.length > 255 || extendedLe;
    return encodeCommandApdu({
      cla,
      ins: command.ins,
      p1: command.p1,
      p2: command.p2,
      data: body,
      ne: extended ? 65536 : 256,
      extended,
    });
  }

  /** Verifies and decrypts a protected response APDU. */
  unwrapResponse(response: ResponseApdu): ResponseApdu {
    this.increment();
    if (response.data.length === 0) {
      if (response.sw === 0x6987 || response.sw === 0x6988)
        throw new SecureMessagingError('SESSION_LOST', 'SM: the chip ended the secure session', response.sw);
      if (response.sw === 0x9000)
        throw new SecureMessagingError('MISSING_DO', 'SM: unprotected success response');
      // A plain error status: it carries no data and cannot turn into a success.
      return response;
    }
    let objects: Tlv[];
    try {
      objects = parseTlvList(response.data);
    } catch (error) {
      throw new SecureMessagingError(
        'MISSING_DO',
        `SM: malformed response objects (${(error as Error).message})`,
      );
    }
    const macObject = objects.find((o) => o.tag === 0x8e);
    if (macObject?.value.length !== 8)
      throw new SecureMessagingError('MISSING_DO', 'SM: no DO8E in the response');
    const covered = concatBytes(...objects.filter((o) => o.tag !== 0x8e).map((o) => o.raw));
    if (!equalBytes(this.mac(covered), macObject.value))
      throw new SecureMessagingError('BAD_MAC', 'SM: response MAC mismatch');
    const statusObject = objects.find((o) => o.tag === 0x99);
    const sw =
      statusObject && statusObject.value.length === 2
        ? (statusObject.value[0]! << 8) | statusObject.value[1]!
        : response.sw;
    const cryptogramObject = objects.find((o) => o.tag === 0x87 || o.tag === 0x85);
    let data: Uint8Array = new Uint8Array(0);
    if (cryptogramObject) {
      let cryptogram = cryptogramObject.value;
      if (cryptogramObject.tag === 0x87) {
        if (cryptogram[0] !== 0x01)
          throw new SecureMessagingError('BAD_CRYPTOGRAM', 'SM: DO87 without padding indicator 01');
        cryptogram = cryptogram.subarray(1);
      }
      data = this.decrypt(cryptogram);
    }
    return { data, sw };
  }

  // ------------------------------------------------------------------------------------------
  // Chip side (simulator)

  /** Verifies and decrypts a protected command APDU. */
  unwrapCommand(bytes: Uint8Array): CommandApdu {
    const command = parseCommandApdu(bytes);
    this.increment();
    if ((command.cla & 0x0c) !== 0x0c)
      throw new SecureMessagingError('MISSING_DO', 'SM: unprotected command');
    let objects: Tlv[];
    try {
      objects = parseTlvList(command.data ?? new Uint8Array(0));
    } catch (error) {
      throw new SecureMessagingError(
        'MISSING_DO',
        `SM: malformed command objects (${(error as Error).message})`,
      );
    }
    const macObject = objects.find((o) => o.tag === 0x8e);
    if (macObject?.value.length !== 8)
      throw new SecureMessagingError('MISSING_DO', 'SM: no DO8E in the command');
    const header = pad(Uint8Array.of(command.cla, command.ins, command.p1, command.p2), this.blockSize);
    const covered = concatBytes(
      header,
      ...objects.filter((o) => o.tag === 0x87 || o.tag === 0x85 || o.tag === 0x97).map((o) => o.raw),
    );
    if (!equalBytes(this.mac(covered), macObject.value))
      throw new SecureMessagingError('BAD_MAC', 'SM: command MAC mismatch');
    const plain: CommandApdu = {
      cla: command.cla & ~0x0c & 0xff,
      ins: command.ins,
      p1: command.p1,
      p2: command.p2,
    };
    const cryptogramObject = objects.find((o) => o.tag === 0x87 || o.tag === 0x85);
    if (cryptogramObject) {
      let cryptogram = cryptogramObject.value;
      if (cryptogramObject.tag === 0x87) {
        if (cryptogram[0] !== 0x01)
          throw new SecureMessagingError('BAD_CRYPTOGRAM', 'SM: DO87 without padding indicator 01');
        cryptogram = cryptogram.subarray(1);
      }
      plain.data = this.decrypt(cryptogram);
    }
    const leObject = objects.find((o) => o.tag === 0x97);
    if (leObject) {
      const v = leObject.value;
      if (v.length === 1) plain.ne = v[0] === 0 ? 256 : v[0];
      else if (v.length === 2) {
        const n = (v[0]! << 8) | v[1]!;
        plain.ne = n === 0 ? 65536 : n;
        plain.extended = true;
      } else throw new SecureMessagingError('MISSING_DO', 'SM: bad DO97');
    }
    return plain;
  }

  /** Protects a response (data + SW) for the terminal; odd INS responses use DO85. */
  wrapResponse(response: ResponseApdu, ins = 0xb0): Uint8Array {
    this.increment();
    const do87 = response.data.length > 0 ? this.dataObject(ins, response.data) : new Uint8Array(0);
    const do99 = encodeTlv(0x99, Uint8Array.of(response.sw >> 8, response.sw & 0xff));
    const cc = this.mac(concatBytes(do87, do99));
    return concatBytes(do87, do99, encodeTlv(0x8e, cc), Uint8Array.of(response.sw >> 8, response.sw & 0xff));
  }
}
