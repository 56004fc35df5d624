/**
 * ZFM/R30x image transfer codec — product core protocol. UpImage (0x0A) sends the 256×288 image
 * at 4 bits per pixel, two pixels per byte, high nibble first (36,864 bytes), split into data
 * packets (PID 0x02) of the configured packet size, the last one with PID 0x08.
 */
import { FrameError } from '../../../core/errors';
import { PacketId, ZFM_DEFAULT_ADDRESS, type ZfmPacket } from './packet';

export const ZFM_IMAGE_WIDTH = 256;
export const ZFM_IMAGE_HEIGHT = 288;
export const ZFM_IMAGE_PPI = 500;
export const ZFM_IMAGE_PACKED_BYTES = (ZFM_IMAGE_WIDTH * ZFM_IMAGE_HEIGHT) / 2;

/** Expands 4-bit pixels (high nibble first) to 8-bit (n → n × 17, so 0xF → 0xFF). */
export function unpackNibbles(
  packed: Uint8Array,
  width = ZFM_IMAGE_WIDTH,
  height = ZFM_IMAGE_HEIGHT,
): Uint8Array {
  const pixels = width * height;
  if (pixels % 2 !== 0) throw new FrameError('UNEXPECTED', 'a 4-bit image needs an even pixel count');
  if (packed.length !== pixels / 2) {
    throw new FrameError(
      packed.length < pixels / 2 ? 'TRUNCATED' : 'BAD_LENGTH',
      `image needs ${pixels / 2} bytes, got ${packed.length}`,
    );
  }
  const out = new Uint8Array(pixels);
  for (let i = 0; i < packed.length; i++) {
    const byte = packed[i]!;
    out[2 * i] = (byte >> 4) * 17;
    out[2 * i + 1] = (byte & 0x0f) * 17;
  }
  return out;
}

/** Quantises 8-bit pixels to 4 bits (top nibble) and packs two per byte, high nibble first. */
export function packNibbles(pixels: Uint8Array): Uint8Array {
  if (pixels.length % 2 !== 0) throw new FrameError('UNEXPECTED', 'a 4-bit image needs an even pixel count');
  const out = new Uint8Array(pixels.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = (pixels[2 * i]! & 0xf0) | (pixels[2 * i + 1]! >> 4);
  }
  return out;
}

/** Splits a transfer into data packets of `packetSize` bytes, the last one marked end-of-data. */
export function splitIntoDataPackets(
  data: Uint8Array,
  packetSize: number,
  address = ZFM_DEFAULT_ADDRESS,
): ZfmPacket[] {
  if (packetSize < 1) throw new FrameError('UNEXPECTED', `packet size ${packetSize} < 1`);
  const packets: ZfmPacket[] = [];
  for (let offset = 0; offset < data.length || packets.length === 0; offset += packetSize) {
    const payload = data.slice(offset, offset + packetSize);
    const last = offset + packetSize >= data.length;
    packets.push({ address, pid: last ? PacketId.endData : PacketId.data, payload });
  }
  return packets;
}
