/**
 * A simulated ISO/IEC 7816-4 card: an ATR and a file system answering SELECT (by AID and by file
 * identifier), READ BINARY (even INS with offset, SFI addressing, and odd INS B1 with an offset
 * data object) and GET CHALLENGE. The eMRTD simulator of the chip issue builds on it.
 */
import { randomBytes } from 'node:crypto';
import { encodeResponseApdu, parseCommandApdu } from '../../iso7816/apdu';

export interface VirtualCard {
  readonly atr: Uint8Array;
  /** Processes one command APDU and returns the response APDU (data + SW). */
  process(commandApdu: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /** Power cycle: selected file and session state are lost. */
  reset(): void;
}

/** ATR of a contactless ISO 14443-4 card as PC/SC readers report it (PC/SC part 3 §3.1.3.2.3). */
export const contactlessAtr = Uint8Array.from([
  0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x81, 0x81, 0x00, 0x7e,
]);

export interface FileSystemCardOptions {
  atr?: Uint8Array;
  /** Application identifiers that SELECT by name accepts (hex, upper case). */
  applications?: string[];
  /** Elementary files by 2-byte identifier (hex, e.g. "011E"), with an optional short file identifier. */
  files?: Record<string, { content: Uint8Array; sfi?: number }>;
}

const sw = (data: Uint8Array | number[], status: number) =>
  encodeResponseApdu({ data: Uint8Array.from(data), sw: status });

export class FileSystemCard implements VirtualCard {
  readonly atr: Uint8Array;
  private readonly applications: Set<string>;
  private readonly files: Map<string, { content: Uint8Array; sfi?: number }>;
  private selectedFile: string | undefined;

  constructor(options: FileSystemCardOptions = {}) {
    this.atr = options.atr ?? contactlessAtr;
    this.applications = new Set((options.applications ?? []).map((a) => a.toUpperCase()));
    this.files = new Map(Object.entries(options.files ?? {}).map(([fid, f]) => [fid.toUpperCase(), f]));
  }

  reset(): void {
    this.selectedFile = undefined;
  }

  process(commandApdu: Uint8Array): Uint8Array {
    let command: ReturnType<typeof parseCommandApdu>;
    try {
      command = parseCommandApdu(commandApdu);
    } catch {
      return sw([], 0x6700);
    }
    if ((command.cla & 0x0c) !== 0) return sw([], 0x6882); // secure messaging: see the eMRTD simulator
    switch (command.ins) {
      case 0xa4:
        return this.select(command.p1, command.data ?? new Uint8Array(0));
      case 0xb0:
        return this.readBinary(command.p1, command.p2, command.ne ?? 0);
      case 0xb1:
        return this.readBinaryOdd(command.data ?? new Uint8Array(0), command.ne ?? 0);
      case 0x84:
        return command.ne ? sw(randomBytes(command.ne === 256 ? 8 : command.ne), 0x9000) : sw([], 0x6700);
      default:
        return sw([], 0x6d00);
    }
  }

  private select(p1: number, data: Uint8Array): Uint8Array {
    const id = Buffer.from(data).toString('hex').toUpperCase();
    if (p1 === 0x04) {
      if (!this.applications.has(id)) return sw([], 0x6a82);
      this.selectedFile = undefined;
      return sw([], 0x9000);
    }
    if ((p1 === 0x00 || p1 === 0x02) && data.length === 2) {
      if (id === '3F00') {
        this.selectedFile = undefined;
        return sw([], 0x9000);
      }
      if (!this.files.has(id)) return sw([], 0x6a82);
      this.selectedFile = id;
      return sw([], 0x9000);
    }
    return sw([], 0x6a86);
  }

  private read(fid: string | undefined, offset: number, ne: number): Uint8Array {
    const file = fid ? this.files.get(fid) : undefined;
    if (!file) return sw([], 0x6986);
    if (offset > file.content.length) return sw([], 0x6b00);
    const length = Math.min(ne === 0 ? 256 : ne, file.content.length - offset);
    const chunk = file.content.subarray(offset, offset + length);
    return sw(chunk, chunk.length < ne ? 0x6282 : 0x9000);
  }

  private readBinary(p1: number, p2: number, ne: number): Uint8Array {
    if (p1 & 0x80) {
      const sfi = p1 & 0x1f;
      const entry = [...this.files.entries()].find(([, f]) => f.sfi === sfi);
      if (!entry) return sw([], 0x6a82);
      this.selectedFile = entry[0];
      return this.read(entry[0], p2, ne);
    }
    return this.read(this.selectedFile, ((p1 & 0x7f) << 8) | p2, ne);
  }

  private readBinaryOdd(data: Uint8Array, ne: number): Uint8Array {
    // Offset data object '54' (ISO 7816-4 §11.2.3): 54 L offset
    if (data.length < 3 || data[0] !== 0x54 || data[1]! > 4 || data.length !== 2 + data[1]!)
      return sw([], 0x6a80);
    let offset = 0;
    for (let k = 2; k < data.length; k++) offset = offset * 256 + data[k]!;
    const response = this.read(this.selectedFile, offset, ne);
    if (response.length <= 2) return response;
    const payload = response.subarray(0, response.length - 2);
    const status = (response[response.length - 2]! << 8) | response[response.length - 1]!;
    // Response data is wrapped in a '53' discretionary data object.
    const lengthBytes =
      payload.length < 0x80
        ? [payload.length]
        : payload.length < 0x100
          ? [0x81, payload.length]
          : [0x82, payload.length >> 8, payload.length & 0xff];
    return sw([0x53, ...lengthBytes, ...payload], status);
  }
}
