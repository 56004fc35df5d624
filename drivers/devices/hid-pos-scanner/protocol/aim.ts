/**
 * AIM symbology identifiers (ISO/IEC 15424: "]" + code character + modifier), which HID POS
 * scanners send in the Symbology Identifier usages: which kind of code was read. Only the codes a
 * counter meets are named; any other well-formed identifier is "other".
 */

export type Symbology =
  | 'datamatrix'
  | 'qr'
  | 'pdf417'
  | 'aztec'
  | 'code128'
  | 'ean'
  | 'itf'
  | 'code39'
  | 'other';

const byCode: Record<string, Symbology> = {
  d: 'datamatrix',
  Q: 'qr',
  L: 'pdf417',
  z: 'aztec',
  C: 'code128',
  E: 'ean',
  I: 'itf',
  A: 'code39',
};

const codeOf: Partial<Record<Symbology, string>> = {
  datamatrix: ']d1',
  qr: ']Q1',
  pdf417: ']L0',
  aztec: ']z0',
  code128: ']C0',
  ean: ']E0',
  itf: ']I0',
  code39: ']A0',
};

/** The symbology of a 3-byte identifier; undefined when the scanner sent none (zeros). */
export function symbologyOf(identifier: Uint8Array): { symbology: Symbology; aim: string } | undefined {
  if (identifier.every((b) => b === 0)) return undefined;
  const aim = String.fromCharCode(...identifier);
  if (aim[0] !== ']' || !/^\][A-Za-z][0-9A-Za-z]$/.test(aim)) return { symbology: 'other', aim };
  return { symbology: byCode[aim[1]!] ?? 'other', aim };
}

/** The identifier bytes a scanner sends for a symbology (ECC 200 DataMatrix, QR model 2...). */
export function aimIdentifier(symbology: Symbology): Uint8Array {
  const aim = codeOf[symbology] ?? ']X0';
  return Uint8Array.from(aim, (c) => c.charCodeAt(0));
}
