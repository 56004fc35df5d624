/**
 * What a code scanned or typed at the counter is, before the identity step: a 2D-DOC proof
 * (verified offline against the trust list: the report of `recueil 2ddoc verify`), a
 * pre-application number (10 characters, letters and digits, as ANTS prints it on the summary and
 * in its code), or an electronic tax-stamp number (16 digits, also its 2D code). Only the form is
 * checked here; whether the number exists, is valid or used is for the pre-application and tax-stamp
 * services. Spaces and dashes a person types are dropped; 2D-DOC separators may be typed `<GS>`.
 */
import {
  parseTwoDDoc,
  report,
  type TrustList,
  TwoDDocError,
  type TwoDDocReport,
  verifyTwoDDoc,
} from './twoddoc';

export type CounterCode =
  | { kind: '2ddoc'; proof: TwoDDocReport }
  | { kind: 'pre-application'; number: string }
  | { kind: 'tax-stamp'; number: string }
  | { kind: 'unreadable'; code: string; message: string };

const PRE_APPLICATION = /^[0-9A-Z]{10}$/;
const TAX_STAMP = /^[0-9]{16}$/;
/** A 2D-DOC holds at most a DataMatrix's 1,556 bytes; anything longer is not a counter code. */
const MAX_CODE_BYTES = 4096;

const unknownMessage =
  'Code non reconnu : ce n’est ni un 2D-DOC, ni un numéro de pré-demande (10 caractères), ni un timbre fiscal (16 chiffres).';

function typedNotation(text: string): string {
  return text.replaceAll('<GS>', '\u001d').replaceAll('<US>', '\u001f').replaceAll('<RS>', '\u001e');
}

/** Classifies the bytes a reader delivered (Latin-1, as a DataMatrix carries them) or a typed text. */
export function classifyCounterCode(
  input: Uint8Array | string,
  trust: TrustList,
  now = new Date(),
): CounterCode {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size === 0 || size > MAX_CODE_BYTES)
    return { kind: 'unreadable', code: size === 0 ? 'EMPTY' : 'TOO_LARGE', message: unknownMessage };
  const binary = typeof input !== 'string' && input[0] === 0xdc;
  const text =
    typeof input === 'string' ? typedNotation(input.trim()) : Buffer.from(input).toString('latin1').trim();
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (!binary && PRE_APPLICATION.test(compact)) return { kind: 'pre-application', number: compact };
  if (!binary && TAX_STAMP.test(compact)) return { kind: 'tax-stamp', number: compact };
  if (binary || text.startsWith('DC')) {
    try {
      const doc = parseTwoDDoc(binary ? (input as Uint8Array) : text);
      return { kind: '2ddoc', proof: report(doc, verifyTwoDDoc(doc, trust, now)) };
    } catch (error) {
      if (!(error instanceof TwoDDocError)) throw error;
      return { kind: 'unreadable', code: error.code, message: error.messageFr };
    }
  }
  return { kind: 'unreadable', code: 'UNKNOWN_CODE', message: unknownMessage };
}
