/**
 * The e-photo code a citizen brings from an approved photo booth or photographer (décret 2011-868,
 * "code e-photo"), shared by the station (typed entry, board scans), the renderer (live hints) and
 * the reference central's simulated provider (issuing test codes).
 *
 * The code is 22 characters, digits and capital letters. The agency publishes its length, single
 * use and six-month validity, but not its alphabet nor a check, so the project chose them, stated
 * here: the alphabet is 0-9 A-Z (36 symbols); the first 20 characters are random (36^20, about
 * 103 bits) and the last two are an ISO/IEC 7064 MOD 1271-36 check (a pure system with two check
 * characters: the whole code, read as a base-36 number, is 1 modulo 1271). It catches every single
 * substitution and every adjacent transposition (1271 = 31 x 41 is prime to 36 and to 35, and a
 * change is less than 36 times a power of 36), and all but about 1 in 1271 of other errors.
 * Agents may type it with spaces or dashes (`compactNumber` drops them); it is shown in groups of
 * four (`formatEphotoCode`).
 */
import { compactNumber, type NumberProblem } from './counter-numbers';

export const EPHOTO_CODE_LENGTH = 22;
/** Six calendar months: how long a code stays valid after the photo was taken. */
export const EPHOTO_VALIDITY_MONTHS = 6;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MODULUS = 1271;
const RADIX = 36;
const BODY = EPHOTO_CODE_LENGTH - 2;

/** The running ISO 7064 pure-system value of `chars` times 36, or undefined outside the alphabet. */
function pureRemainder(chars: string): number | undefined {
  let p = 0;
  for (const char of chars) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    p = ((p + value) * RADIX) % MODULUS;
  }
  return p;
}

/** The two check characters that complete 20 characters of the alphabet into an e-photo code. */
export function ephotoCheckChars(body: string): string {
  const p = body.length === BODY ? pureRemainder(body) : undefined;
  if (p === undefined) throw new RangeError(`expected ${BODY} characters among 0-9 and A-Z`);
  const check = (MODULUS + 1 - ((p * RADIX) % MODULUS)) % MODULUS;
  return ALPHABET[Math.floor(check / RADIX)]! + ALPHABET[check % RADIX]!;
}

/** Undefined when `code` (compacted) is a well-formed e-photo code; else what is wrong. */
export function ephotoCodeProblem(code: string): NumberProblem | undefined {
  if (code.length !== EPHOTO_CODE_LENGTH || !/^[0-9A-Z]+$/.test(code)) return 'format';
  let p = 0;
  for (const char of code) p = (p * RADIX + ALPHABET.indexOf(char)) % MODULUS;
  return p === 1 ? undefined : 'check';
}

/** The code as typed (spaces, dashes, lower case) made compact, with its problem if any. */
export function parseEphotoCode(input: string): { code: string; problem?: NumberProblem } {
  const code = compactNumber(input);
  const problem = ephotoCodeProblem(code);
  return problem ? { code, problem } : { code };
}

/** "ABCD EFGH IJKL MNOP QRST UV": how the agent reads it back. */
export function formatEphotoCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** French messages for the agent, one per problem. */
export const EPHOTO_CODE_MESSAGES = {
  format:
    'Code e-photo invalide : il compte 22 caractères, chiffres et lettres majuscules (ex. 4KQ7 M2ZP 9XRT B6WN 3HCV 4N).',
  check:
    'Code e-photo erroné : les deux derniers caractères de contrôle ne correspondent pas. Vérifiez la saisie (0 et O, 1 et I se confondent).',
} as const satisfies Record<NumberProblem, string>;
