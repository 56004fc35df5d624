/**
 * The eMRTD card service over a PC/SC `CardChannel`: sends command APDUs through the current
 * secure-messaging session (if any), selects the application and files, and reads whole files
 * with chained READ BINARY (even INS B0 up to offset 0x7FFF, odd INS B1 with an offset DO54
 * beyond). It counts APDUs and bytes for the read-time model of the benchmark. Hand-written
 * (product core).
 */
import { FrameError } from '../../../core/errors';
import type { CardChannel } from '../../../core/transport';
import {
  type CommandApdu,
  encodeCommandApdu,
  parseResponseApdu,
  type ResponseApdu,
} from '../../iso7816/apdu';
import { describeStatusWord, formatStatusWord } from '../../iso7816/status-words';
import type { SecureMessaging } from '../sm/secure-messaging';
import { announcedTlvSize, readTlv } from '../tlv/tlv';

export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

/** A status word the caller did not expect, with the command that got it. */
export class ChipStatusError extends Error {
  constructor(
    readonly operation: string,
    readonly sw: number,
  ) {
    super(`${operation}: ${formatStatusWord(sw)} (${describeStatusWord(sw)})`);
    this.name = 'ChipStatusError';
  }
}

export interface ExchangeStats {
  apdus: number;
  bytesOut: number;
  bytesIn: number;
  /** Per exchange: command and response sizes on the wire (after SM). */
  sizes: { out: number; in: number }[];
}

export interface CardServiceOptions {
  /**
   * Largest READ BINARY block. 223 keeps protected APDUs short (JMRTD's default); chips with
   * extended length (the CNIe) accept more, e.g. 1024 or 4096.
   */
  maxBlock?: number;
  /** Largest file accepted (guards against a corrupt length): default 1 MiB. */
  maxFileSize?: number;
}

export class CardService {
  private secureMessaging: SecureMessaging | undefined;
  readonly stats: ExchangeStats = { apdus: 0, bytesOut: 0, bytesIn: 0, sizes: [] };
  readonly maxBlock: number;
  readonly maxFileSize: number;

  constructor(
    readonly channel: CardChannel,
    options: CardServiceOptions = {},
  ) {
    this.maxBlock = Math.max(16, Math.min(options.maxBlock ?? 223, 65536 - 64));
    this.maxFileSize = options.maxFileSize ?? 1 << 20;
  }

  get sm(): SecureMessaging | undefined {
    return this.secureMessaging;
  }

  setSecureMessaging(sm: SecureMessaging | undefined): void {
    this.secureMessaging = sm;
  }

  /** Sends raw bytes (already protected or plain) and parses the response. */
  async transmitRaw(bytes: Uint8Array): Promise<ResponseApdu> {
    const response = await this.channel.transmit(bytes);
    this.stats.apdus += 1;
    this.stats.bytesOut += bytes.length;
    this.stats.bytesIn += response.length;
    if (this.stats.sizes.length < 10000) this.stats.sizes.push({ out: bytes.length, in: response.length });
    return parseResponseApdu(response);
  }

  /** Sends a command, protected by the current SM session when there is one. */
  async send(command: CommandApdu): Promise<ResponseApdu> {
    const sm = this.secureMessaging;
    if (!sm) return this.transmitRaw(encodeCommandApdu(command));
    const response = await this.transmitRaw(sm.wrapCommand(command));
    return sm.unwrapResponse(response);
  }

  /** Sends and requires 9000. */
  async sendOk(operation: string, command: CommandApdu): Promise<Uint8Array> {
    const response = await this.send(command);
    if (response.sw !== 0x9000) throw new ChipStatusError(operation, response.sw);
    return response.data;
  }

  async selectApplication(aid: Uint8Array = EMRTD_AID): Promise<void> {
    await this.sendOk('SELECT application', { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });
  }

  async selectMasterFile(): Promise<void> {
    await this.sendOk('SELECT MF', {
      cla: 0,
      ins: 0xa4,
      p1: 0x00,
      p2: 0x0c,
      data: Uint8Array.of(0x3f, 0x00),
    });
  }

  async selectFile(fid: number): Promise<void> {
    await this.sendOk(`SELECT EF ${fid.toString(16).padStart(4, '0')}`, {
      cla: 0,
      ins: 0xa4,
      p1: 0x02,
      p2: 0x0c,
      data: Uint8Array.of(fid >> 8, fid & 0xff),
    });
  }

  /**
   * Reads up to `length` bytes at `offset` of the selected EF. Returns fewer bytes at the end of
   * the file (6282) and none past it (6B00).
   */
  async readBinary(offset: number, length: number): Promise<Uint8Array> {
    if (offset <= 0x7fff) {
      const response = await this.send({ cla: 0, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, ne: length });
      if (response.sw === 0x9000 || response.sw === 0x6282) return response.data;
      if (response.sw === 0x6b00) return new Uint8Array(0);
      throw new ChipStatusError('READ BINARY', response.sw);
    }
    const offsetBytes =
      offset <= 0xffff
        ? Uint8Array.of(offset >> 8, offset & 0xff)
        : Uint8Array.of(offset >> 16, (offset >> 8) & 0xff, offset & 0xff);
    const data = Uint8Array.of(0x54, offsetBytes.length, ...offsetBytes);
    // The response carries the bytes in a DO53: ask for the header on top of the data.
    const response = await this.send({
      cla: 0,
      ins: 0xb1,
      p1: 0,
      p2: 0,
      data,
      ne: Math.min(length + 4, 65536),
    });
    if (response.sw === 0x6b00) return new Uint8Array(0);
    if (response.sw !== 0x9000 && response.sw !== 0x6282)
      throw new ChipStatusError('READ BINARY (B1)', response.sw);
    if (response.data.length === 0) return response.data;
    const object = readTlv(response.data, 0);
    if (object.tag !== 0x53) throw new FrameError('BAD_HEADER', 'READ BINARY (B1): response is not a DO53');
    return object.value.slice();
  }

  /**
   * Reads a whole EF (selected by FID, or the currently selected one when `fid` is undefined):
   * the first bytes give the TLV length, then chained blocks. `onBytes` reports progress.
   */
  async readFile(
    fid: number | undefined,
    onBytes?: (read: number, total: number) => void,
  ): Promise<Uint8Array> {
    if (fid !== undefined) await this.selectFile(fid);
    const head = await this.readBinary(0, 8);
    if (head.length < 2) throw new FrameError('TRUNCATED', 'EF shorter than a TLV header');
    const { total } = announcedTlvSize(head);
    if (total > this.maxFileSize) throw new FrameError('TOO_LARGE', `EF announces ${total} bytes`);
    const out = new Uint8Array(total);
    const first = head.subarray(0, Math.min(head.length, total));
    out.set(first, 0);
    let offset = first.length;
    onBytes?.(offset, total);
    while (offset < total) {
      const chunk = await this.readBinary(offset, Math.min(this.maxBlock, total - offset));
      if (chunk.length === 0) throw new FrameError('TRUNCATED', `EF ends at ${offset} of ${total} bytes`);
      const n = Math.min(chunk.length, total - offset);
      out.set(chunk.subarray(0, n), offset);
      offset += n;
      onBytes?.(offset, total);
    }
    return out;
  }
}
