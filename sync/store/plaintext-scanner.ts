/**
 * Test support: finds a known marker byte sequence in files, in raw, hex and base64/base64url form
 * at every byte alignment — how the plaintext-leak tests show that biometric data never reaches
 * the disk in clear. Not used by production code.
 */
import { readFileSync } from 'node:fs';

/** Every encoding under which the marker could appear inside a larger encoded stream. */
export function markerNeedles(marker: Uint8Array): Buffer[] {
  const bytes = Buffer.from(marker);
  const found = [bytes, Buffer.from(bytes.toString('hex')), Buffer.from(bytes.toString('hex').toUpperCase())];
  for (const encoding of ['base64', 'base64url'] as const) {
    for (let shift = 0; shift < 3; shift++) {
      const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
        .toString(encoding)
        .replace(/=+$/, '');
      // Drop the 4-char groups that mix in neighbouring bytes.
      found.push(Buffer.from(encoded.slice(shift === 0 ? 0 : 4, -4)));
    }
  }
  return found;
}

/** "file (needle #i)" for every file containing the marker under any encoding. */
export function findMarker(files: string[], marker: Uint8Array): string[] {
  const hits: string[] = [];
  const all = markerNeedles(marker);
  for (const file of files) {
    const bytes = readFileSync(file);
    all.forEach((needle, index) => {
      if (bytes.includes(needle)) hits.push(`${file} (needle #${index})`);
    });
  }
  return hits;
}
