/**
 * UUIDv7 generator (RFC 9562 §5.7) owned by the dossier model.
 *
 * Layout: 48-bit Unix time in ms | version 7 | 12-bit counter | variant 10 | 62 random bits.
 * Ids from one generator are strictly increasing (as strings and as bytes): within the same
 * millisecond the 12-bit `rand_a` field is a counter (RFC 9562 §6.2, method 1) seeded randomly
 * in its lower half; on counter overflow or a clock that goes backwards the generator keeps
 * using (and advances) the last timestamp instead of emitting an id that sorts earlier.
 */
import { randomFillSync } from 'node:crypto';

export type Clock = () => number;

export type UuidV7Generator = () => string;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MAX_TIMESTAMP = 2 ** 48 - 1;
const COUNTER_MAX = 0xfff;

export function isUuidV7(value: string): boolean {
  return UUID_V7.test(value);
}

/** Milliseconds since the Unix epoch encoded in a UUIDv7. */
export function uuidV7Timestamp(id: string): number {
  if (!isUuidV7(id)) throw new TypeError(`not a UUIDv7: ${id}`);
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

export function createUuidV7Generator(clock: Clock = Date.now): UuidV7Generator {
  let lastMs = -1;
  let counter = 0;
  const random = new Uint8Array(10);

  return () => {
    randomFillSync(random);
    let now = Math.floor(clock());
    if (!Number.isSafeInteger(now) || now < 0 || now > MAX_TIMESTAMP) {
      throw new RangeError(`clock value out of the UUIDv7 range: ${now}`);
    }
    if (now > lastMs) {
      lastMs = now;
      // Seed in the lower half so that many ids can follow in the same millisecond.
      counter = ((random[0]! << 8) | random[1]!) & 0x7ff;
    } else {
      now = lastMs;
      counter += 1;
      if (counter > COUNTER_MAX) {
        lastMs += 1;
        now = lastMs;
        counter = ((random[0]! << 8) | random[1]!) & 0x7ff;
      }
    }
    const bytes = new Uint8Array(16);
    let ts = now;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = ts % 256;
      ts = Math.floor(ts / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (random[2]! & 0x3f);
    bytes.set(random.subarray(3, 10), 9);
    const hex = Buffer.from(bytes).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** Process-wide generator. */
export const uuidV7: UuidV7Generator = createUuidV7Generator();
