/**
 * The plaintext of the sealed envelope (envelope.ts), the "sealed-dossier frame": the station's
 * attestation JWS followed by the dossier container.
 *
 *   8 bytes "RCQSEAL\0" + version 0x01 | 4 bytes attestation length A (big-endian)
 *   A bytes attestation (ASCII compact JWS) | the canonical dossier container (sync/dossier)
 *
 * The attestation travels inside the encryption because it carries the container's hash, which
 * must not be observable next to the ciphertext.
 */

const MAGIC = Uint8Array.from([0x52, 0x43, 0x51, 0x53, 0x45, 0x41, 0x4c, 0x01]);
const PREFIX = MAGIC.length + 4;
const MAX_ATTESTATION = 16 * 1024;

/** The head of the frame: everything before the container. */
export function sealedFrameHead(attestation: string): Uint8Array {
  const jws = Buffer.from(attestation, 'latin1');
  const head = new Uint8Array(PREFIX + jws.length);
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(MAGIC.length, jws.length);
  head.set(jws, PREFIX);
  return head;
}

export function encodeSealedFrame(attestation: string, container: Uint8Array): Uint8Array {
  return Buffer.concat([sealedFrameHead(attestation), container]);
}

export function decodeSealedFrame(frame: Uint8Array): { attestation: string; container: Uint8Array } {
  if (frame.length < PREFIX || MAGIC.some((byte, i) => frame[i] !== byte))
    throw new Error('not a sealed-dossier frame');
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(MAGIC.length);
  if (length > MAX_ATTESTATION || PREFIX + length > frame.length) throw new Error('bad attestation length');
  return {
    attestation: Buffer.from(frame.subarray(PREFIX, PREFIX + length)).toString('latin1'),
    container: frame.subarray(PREFIX + length),
  };
}
