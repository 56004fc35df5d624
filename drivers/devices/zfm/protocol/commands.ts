/**
 * ZFM/R30x instruction set — product core protocol: instruction codes, command packet builders,
 * acknowledgement parsing and the 16-byte system-parameter block of ReadSysPara (0x0F).
 */
import { FrameError } from '../../../core/errors';
import { hex, PacketId, ZFM_DEFAULT_ADDRESS, type ZfmPacket } from './packet';

export const Instruction = {
  genImg: 0x01,
  img2Tz: 0x02,
  match: 0x03,
  search: 0x04,
  regModel: 0x05,
  store: 0x06,
  loadChar: 0x07,
  upChar: 0x08,
  downChar: 0x09,
  upImage: 0x0a,
  downImage: 0x0b,
  deleteChar: 0x0c,
  empty: 0x0d,
  setSysPara: 0x0e,
  readSysPara: 0x0f,
  setPwd: 0x12,
  vfyPwd: 0x13,
  getRandomCode: 0x14,
  setAddr: 0x15,
  templateNum: 0x1d,
  readIndexTable: 0x1f,
  /** R30x/R50x handshake: confirmation 0x00 when the module is ready. */
  handshake: 0x40,
  /** ZFM/ZW "GetEcho" handshake of other firmware lines: confirmation 0x55. */
  getEcho: 0x53,
} as const;
export type Instruction = (typeof Instruction)[keyof typeof Instruction];

/** Confirmation a module answers to GetEcho (0x53). */
export const GET_ECHO_OK = 0x55;

/** SetSysPara parameter numbers. */
export const SystemParameter = { baud: 4, securityLevel: 5, packetSize: 6 } as const;

export function commandPacket(
  instruction: number,
  params: readonly number[] = [],
  address = ZFM_DEFAULT_ADDRESS,
): ZfmPacket {
  return { address, pid: PacketId.command, payload: Uint8Array.from([instruction, ...params]) };
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export const commands = {
  genImg: (address?: number) => commandPacket(Instruction.genImg, [], address),
  upImage: (address?: number) => commandPacket(Instruction.upImage, [], address),
  readSysPara: (address?: number) => commandPacket(Instruction.readSysPara, [], address),
  vfyPwd: (password: number, address?: number) => commandPacket(Instruction.vfyPwd, u32(password), address),
  handshake: (address?: number) => commandPacket(Instruction.handshake, [], address),
  getEcho: (address?: number) => commandPacket(Instruction.getEcho, [], address),
  setSysPara: (parameter: number, value: number, address?: number) =>
    commandPacket(Instruction.setSysPara, [parameter, value], address),
};

export interface Ack {
  /** Confirmation code (0x00 = OK). */
  code: number;
  /** Bytes after the confirmation code. */
  data: Uint8Array;
}

export function parseAck(packet: ZfmPacket): Ack {
  if (packet.pid !== PacketId.ack) {
    throw new FrameError('UNEXPECTED', `expected an acknowledgement packet, got PID 0x${hex(packet.pid)}`);
  }
  const code = packet.payload[0];
  if (code === undefined) throw new FrameError('TRUNCATED', 'acknowledgement without confirmation code');
  return { code, data: packet.payload.slice(1) };
}

export function ackPacket(
  code: number,
  data: readonly number[] | Uint8Array = [],
  address = ZFM_DEFAULT_ADDRESS,
): ZfmPacket {
  const payload = new Uint8Array(1 + data.length);
  payload[0] = code;
  payload.set(data, 1);
  return { address, pid: PacketId.ack, payload };
}

/** Parsed command packet (what a module receives). */
export interface Command {
  instruction: number;
  params: Uint8Array;
}

export function parseCommand(packet: ZfmPacket): Command {
  if (packet.pid !== PacketId.command) {
    throw new FrameError('UNEXPECTED', `expected a command packet, got PID 0x${hex(packet.pid)}`);
  }
  const instruction = packet.payload[0];
  if (instruction === undefined) throw new FrameError('TRUNCATED', 'command without instruction code');
  return { instruction, params: packet.payload.slice(1) };
}

export const SYSTEM_PARAMETERS_BYTES = 16;

/** Status register bits (ReadSysPara word 0). */
export const StatusBits = { busy: 0x1, pass: 0x2, passwordVerified: 0x4, imageBufferValid: 0x8 } as const;

export interface SystemParameters {
  statusRegister: number;
  systemId: number;
  /** Template library capacity. */
  librarySize: number;
  /** Matching security level 1..5. */
  securityLevel: number;
  address: number;
  /** 0..3 → 32, 64, 128, 256 bytes per data packet. */
  packetSizeCode: number;
  /** Baud rate multiplier N (baud = N × 9600). */
  baudMultiplier: number;
}

export function packetSizeBytes(code: number): number {
  if (!Number.isInteger(code) || code < 0 || code > 3) {
    throw new FrameError('UNEXPECTED', `packet size code ${code} is not 0..3`);
  }
  return 32 << code;
}

export function baudRate(parameters: SystemParameters): number {
  return parameters.baudMultiplier * 9600;
}

export function parseSystemParameters(data: Uint8Array): SystemParameters {
  if (data.length < SYSTEM_PARAMETERS_BYTES) {
    throw new FrameError('TRUNCATED', `system parameters need 16 bytes, got ${data.length}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    statusRegister: view.getUint16(0),
    systemId: view.getUint16(2),
    librarySize: view.getUint16(4),
    securityLevel: view.getUint16(6),
    address: view.getUint32(8),
    packetSizeCode: view.getUint16(12),
    baudMultiplier: view.getUint16(14),
  };
}

export function encodeSystemParameters(p: SystemParameters): Uint8Array {
  const out = new Uint8Array(SYSTEM_PARAMETERS_BYTES);
  const view = new DataView(out.buffer);
  view.setUint16(0, p.statusRegister);
  view.setUint16(2, p.systemId);
  view.setUint16(4, p.librarySize);
  view.setUint16(6, p.securityLevel);
  view.setUint32(8, p.address >>> 0);
  view.setUint16(12, p.packetSizeCode);
  view.setUint16(14, p.baudMultiplier);
  return out;
}
