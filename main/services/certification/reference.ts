/**
 * The request reference of a France Identité certification, as this project defines it (the real
 * QR payload format is not public): `FI-` + 16 characters of the RFC 4648 base32 alphabet + 2 check
 * digits by ISO 7064 MOD 97-10 over the body written as two decimal digits per character (its
 * base32 value 00..31), so that the number with its check digits is 1 modulo 97. This catches every
 * single-character error and every swap of two adjacent body characters.
 */
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BODY_LENGTH = 16;
const PATTERN = new RegExp(`^FI-([${BASE32}]{${BODY_LENGTH}})(\\d{2})$`);

/** The body as a decimal string, two digits per base32 character. */
function numeric(body: string): string {
  return [...body].map((c) => String(BASE32.indexOf(c)).padStart(2, '0')).join('');
}

function mod97(digits: string): number {
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest;
}

/** The two check digits of a reference body (ISO 7064 MOD 97-10). */
export function referenceCheckDigits(body: string): string {
  return String(98 - mod97(`${numeric(body)}00`)).padStart(2, '0');
}

export type ReferenceCheck =
  | { ok: true; reference: string }
  | { ok: false; reason: 'format' | 'checksum'; message: string };

/** Normalises a scanned or typed payload (case, spaces) and verifies its check digits. */
export function checkRequestReference(payload: string): ReferenceCheck {
  const reference = payload.replace(/\s+/g, '').toUpperCase();
  const match = PATTERN.exec(reference);
  if (!match)
    return {
      ok: false,
      reason: 'format',
      message:
        'Ce QR code n’est pas une demande de certification France Identité : demandez à la personne d’afficher le QR code de certification dans l’application.',
    };
  if (mod97(`${numeric(match[1]!)}${match[2]}`) !== 1)
    return {
      ok: false,
      reason: 'checksum',
      message:
        'La référence lue est incomplète ou altérée (clé de contrôle incorrecte) : scannez à nouveau le QR code.',
    };
  return { ok: true, reference };
}

/** A fresh valid reference (the simulated France Identité app of demos and tests). */
export function generateRequestReference(random: (n: number) => Uint8Array = randomBytes): string {
  const body = [...random(BODY_LENGTH)].map((b) => BASE32[b % 32]).join('');
  return `FI-${body}${referenceCheckDigits(body)}`;
}
