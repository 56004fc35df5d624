/**
 * Machine-readable zone parsing (ICAO 9303-4/5/6): TD1 (ID cards, 3×30, the CNIe), TD2 (2×36) and
 * TD3 (passports, 2×44), with every check digit verified (a TD1 document number longer than 9
 * characters continues in the optional data, as 9303-5 §4.2.4 allows). Hand-written: the `mrz`
 * npm package is not installed and the MRZ is small.
 */
import { FrameError } from '../../../core/errors';
import { mrzCheckDigit } from '../crypto/kdf';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface MrzCheck {
  field: 'documentNumber' | 'dateOfBirth' | 'dateOfExpiry' | 'optionalData' | 'composite';
  ok: boolean;
}

export interface Mrz {
  format: MrzFormat;
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed. */
  dateOfBirth: string;
  sex: 'M' | 'F' | 'X';
  /** YYMMDD as printed. */
  dateOfExpiry: string;
  primaryIdentifier: string;
  secondaryIdentifier: string;
  optionalData: string;
  checks: MrzCheck[];
  checkDigitsOk: boolean;
  raw: string;
}

const clean = (s: string) => s.replace(/<+$/, '').replace(/</g, ' ').trim();

function digit(c: string | undefined): number | undefined {
  return c !== undefined && /^[0-9]$/.test(c) ? Number(c) : c === '<' ? 0 : undefined;
}

function check(field: MrzCheck['field'], value: string, cd: string | undefined): MrzCheck {
  let ok = false;
  try {
    ok = digit(cd) === mrzCheckDigit(value);
  } catch {
    ok = false;
  }
  return { field, ok };
}

function names(field: string): { primary: string; secondary: string } {
  const [primary = '', ...rest] = field.split('<<');
  return { primary: clean(primary), secondary: clean(rest.join('<<')) };
}

function sexOf(c: string): Mrz['sex'] {
  return c === 'M' || c === 'F' ? c : 'X';
}

export function parseMrz(text: string): Mrz {
  const raw = text.replace(/[\r\n]/g, '');
  if (!/^[A-Z0-9<]*$/.test(raw)) throw new FrameError('UNEXPECTED', 'MRZ: characters outside A-Z, 0-9, <');
  if (raw.length === 90) return parseTd1(raw);
  if (raw.length === 72) return parseTd2Or3(raw, 'TD2', 36);
  if (raw.length === 88) return parseTd2Or3(raw, 'TD3', 44);
  throw new FrameError('BAD_LENGTH', `MRZ of ${raw.length} characters (TD1 90, TD2 72, TD3 88)`);
}

function parseTd1(raw: string): Mrz {
  const l1 = raw.slice(0, 30);
  const l2 = raw.slice(30, 60);
  const l3 = raw.slice(60, 90);
  let documentNumber = l1.slice(5, 14);
  let numberCd = l1[14];
  let optional1 = l1.slice(15, 30);
  const checks: MrzCheck[] = [];
  if (numberCd === '<' && /[0-9]/.test(optional1[0] ?? '')) {
    // Long document number: continues in the optional data; its check digit ends it.
    const end = optional1.indexOf('<');
    const tail = end < 0 ? optional1 : optional1.slice(0, end);
    documentNumber += tail.slice(0, -1);
    numberCd = tail.slice(-1);
    optional1 = end < 0 ? '' : optional1.slice(end);
    checks.push(check('documentNumber', documentNumber, numberCd));
  } else checks.push(check('documentNumber', documentNumber, numberCd));
  checks.push(check('dateOfBirth', l2.slice(0, 6), l2[6]));
  checks.push(check('dateOfExpiry', l2.slice(8, 14), l2[14]));
  checks.push(
    check('composite', l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]),
  );
  const n = names(l3);
  return {
    format: 'TD1',
    documentCode: clean(l1.slice(0, 2)),
    issuingState: clean(l1.slice(2, 5)),
    documentNumber: clean(documentNumber),
    nationality: clean(l2.slice(15, 18)),
    dateOfBirth: l2.slice(0, 6),
    sex: sexOf(l2[7]!),
    dateOfExpiry: l2.slice(8, 14),
    primaryIdentifier: n.primary,
    secondaryIdentifier: n.secondary,
    optionalData: clean(optional1 + l2.slice(18, 29)),
    checks,
    checkDigitsOk: checks.every((c) => c.ok),
    raw,
  };
}

function parseTd2Or3(raw: string, format: 'TD2' | 'TD3', width: number): Mrz {
  const l1 = raw.slice(0, width);
  const l2 = raw.slice(width);
  const n = names(l1.slice(5));
  const checks: MrzCheck[] = [
    check('documentNumber', l2.slice(0, 9), l2[9]),
    check('dateOfBirth', l2.slice(13, 19), l2[19]),
    check('dateOfExpiry', l2.slice(21, 27), l2[27]),
  ];
  let optional: string;
  if (format === 'TD3') {
    optional = l2.slice(28, 42);
    // An all-filler optional data field may carry '<' or '0' as its check digit.
    if (optional.replace(/</g, '') !== '' || (l2[42] !== '<' && l2[42] !== '0'))
      checks.push(check('optionalData', optional, l2[42]));
    checks.push(check('composite', l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43), l2[43]));
  } else {
    optional = l2.slice(28, 35);
    checks.push(check('composite', l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35), l2[35]));
  }
  return {
    format,
    documentCode: clean(l1.slice(0, 2)),
    issuingState: clean(l1.slice(2, 5)),
    documentNumber: clean(l2.slice(0, 9)),
    nationality: clean(l2.slice(10, 13)),
    dateOfBirth: l2.slice(13, 19),
    sex: sexOf(l2[20]!),
    dateOfExpiry: l2.slice(21, 27),
    primaryIdentifier: n.primary,
    secondaryIdentifier: n.secondary,
    optionalData: clean(optional),
    checks,
    checkDigitsOk: checks.every((c) => c.ok),
    raw,
  };
}

/** The MRZ fields as the MRZ password of BAC/PACE wants them. */
export function mrzKeyOf(mrz: Mrz): { documentNumber: string; dateOfBirth: string; dateOfExpiry: string } {
  return { documentNumber: mrz.documentNumber, dateOfBirth: mrz.dateOfBirth, dateOfExpiry: mrz.dateOfExpiry };
}

/** Builds a TD1 MRZ with correct check digits (simulator personalisation, tests). */
export function buildTd1(fields: {
  documentCode?: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  dateOfBirth: string;
  sex: 'M' | 'F' | 'X';
  dateOfExpiry: string;
  primaryIdentifier: string;
  secondaryIdentifier: string;
}): string {
  const up = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '<');
  const number = fields.documentNumber.toUpperCase().padEnd(9, '<').slice(0, 9);
  const l1 =
    `${(fields.documentCode ?? 'ID').padEnd(2, '<')}${fields.issuingState}${number}${mrzCheckDigit(number)}`.padEnd(
      30,
      '<',
    );
  const sex = fields.sex === 'X' ? '<' : fields.sex;
  const l2head =
    `${fields.dateOfBirth}${mrzCheckDigit(fields.dateOfBirth)}${sex}${fields.dateOfExpiry}${mrzCheckDigit(fields.dateOfExpiry)}${fields.nationality}`.padEnd(
      29,
      '<',
    );
  const composite = mrzCheckDigit(
    l1.slice(5, 30) + l2head.slice(0, 7) + l2head.slice(8, 15) + l2head.slice(18, 29),
  );
  const l3 = `${up(fields.primaryIdentifier)}<<${up(fields.secondaryIdentifier)}`
    .padEnd(30, '<')
    .slice(0, 30);
  return l1 + l2head + composite + l3;
}
