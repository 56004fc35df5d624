/**
 * ZFM/R30x packet codec — product core protocol, pure functions over bytes.
 * Frame: `EF 01` | address u32 BE | PID u8 | length u16 BE (= payload + 2) | payload | checksum u16 BE,
 * the checksum being the low 16 bits of the sum of PID, both length bytes and every payload byte.
 */
import { FrameError } from '../../../core/errors';

export const ZFM_START_CODE = 0xef01;
export const ZFM_DEFAULT_ADDRESS = 0xffffffff;
/** Start code (2) + address (4) + PID (1) + length (2). */
export const ZFM_HEADER_BYTES = 9;
export const ZFM_CHECKSUM_BYTES = 2;
/** Largest payload any module sends: a data packet at packet-size code 3 (256 bytes). */
export const ZFM_MAX_PAYLOAD = 256;

export const PacketId = {
  command: 0x01,
  data: 0x02,
  ack: 0x07,
  endData: 0x08,
} as const;
export type PacketId = (typeof PacketId)[keyof typeof PacketId];

const packetIds: ReadonlySet<number> = new Set(Object.values(PacketId));

export function isPacketId(value: number): value is PacketId {
  return packetIds.has(value);
}

export interface ZfmPacket {
  address: number;
  pid: PacketId;
  payload: Uint8Array;
}

/** Low 16 bits of PID + length bytes + payload bytes. */
export function zfmChecksum(pid: number, payload: Uint8Array): number {
  const length = payload.length + ZFM_CHECKSUM_BYTES;
  let sum = pid + (length >> 8) + (length & 0xff);
  for (const byte of payload) sum += byte;
  return sum & 0xffff;
}

export function encodePacket(packet: ZfmPacket): Uint8Array {
  const { address, pid, payload } = packet;
  if (payload.length > 0xffff - ZFM_CHECKSUM_BYTES) {
    throw new FrameError('TOO_LARGE', `payload of ${payload.length} bytes does not fit a ZFM packet`);
  }
  const out = new Uint8Array(ZFM_HEADER_BYTES + payload.length + ZFM_CHECKSUM_BYTES);
  const view = new DataView(out.buffer);
  view.setUint16(0, ZFM_START_CODE);
  view.setUint32(2, address >>> 0);
  view.setUint8(6, pid);
  view.setUint16(7, payload.length + ZFM_CHECKSUM_BYTES);
  out.set(payload, ZFM_HEADER_BYTES);
  view.setUint16(ZFM_HEADER_BYTES + payload.length, zfmChecksum(pid, payload));
  return out;
}

/** Decodes exactly one packet occupying all of `bytes`; throws a typed FrameError otherwise. */
export function decodePacket(bytes: Uint8Array, maxPayload = ZFM_MAX_PAYLOAD): ZfmPacket {
  if (bytes.length < ZFM_HEADER_BYTES + ZFM_CHECKSUM_BYTES) {
    throw new FrameError('TRUNCATED', `ZFM packet needs at least 11 bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== ZFM_START_CODE) throw new FrameError('BAD_HEADER', 'ZFM start code EF01 missing');
  const pid = view.getUint8(6);
  if (!isPacketId(pid)) throw new FrameError('BAD_HEADER', `unknown ZFM packet identifier 0x${hex(pid)}`);
  const length = view.getUint16(7);
  if (length < ZFM_CHECKSUM_BYTES) throw new FrameError('BAD_LENGTH', `ZFM length field ${length} < 2`);
  if (length > maxPayload + ZFM_CHECKSUM_BYTES) {
    throw new FrameError(
      'TOO_LARGE',
      `ZFM length field ${length} exceeds ${maxPayload + ZFM_CHECKSUM_BYTES}`,
    );
  }
  const total = ZFM_HEADER_BYTES + length;
  if (bytes.length < total)
    throw new FrameError('TRUNCATED', `ZFM packet needs ${total} bytes, got ${bytes.length}`);
  if (bytes.length > total)
    throw new FrameError('BAD_LENGTH', `${bytes.length - total} bytes after the ZFM packet`);
  const payload = bytes.slice(ZFM_HEADER_BYTES, total - ZFM_CHECKSUM_BYTES);
  const expected = zfmChecksum(pid, payload);
  const actual = view.getUint16(total - ZFM_CHECKSUM_BYTES);
  if (expected !== actual) {
    throw new FrameError(
      'BAD_CHECKSUM',
      `ZFM checksum 0x${hex(actual, 4)} != computed 0x${hex(expected, 4)}`,
    );
  }
  return { address: view.getUint32(2), pid, payload };
}

export function hex(value: number, digits = 2): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}
