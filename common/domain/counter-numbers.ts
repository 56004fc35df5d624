/**
 * The two numbers a citizen brings to the counter and their checks, shared by the station (typed
 * entry, scans), the renderer (live hints) and the reference central (issuing test numbers).
 *
 * - Pre-application number: 10 characters, digits and capital letters, as ANTS prints it on the
 *   summary. ANTS publishes no check for it (its public interface documents only the length and
 *   the alphabet), so the project chose one, stated here: the 10th character is an ISO/IEC 7064
 *   MOD 37,36 check character over the first nine (catches every single substitution and most
 *   adjacent transpositions).
 * - Electronic tax stamp: 16 digits. Its check is not published either; the project uses the Luhn
 *   check on the 16th digit (the same family as card numbers).
 */

export const PRE_APPLICATION_LENGTH = 10;
export const TAX_STAMP_LENGTH = 16;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Drops what a person types around a number (spaces, dashes) and upper-cases it. */
export function compactNumber(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

/** ISO/IEC 7064 MOD 37,36 (hybrid): the running product over `chars`; undefined if one is out of the alphabet. */
function mod3736(chars: string): number | undefined {
  let product = 36;
  for (const char of chars) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    let sum = (product + value) % 36;
    if (sum === 0) sum = 36;
    product = (sum * 2) % 37;
  }
  return product;
}

/** The check character that completes nine characters of the alphabet into a pre-application number. */
export function preApplicationCheckChar(first9: string): string {
  const product = mod3736(first9);
  if (product === undefined || first9.length !== PRE_APPLICATION_LENGTH - 1)
    throw new RangeError('expected 9 characters among 0-9 and A-Z');
  return ALPHABET[(37 - product) % 36]!;
}

export type NumberProblem = 'format' | 'check';

/** Undefined when `number` (compacted) is a well-formed pre-application number. */
export function preApplicationProblem(number: string): NumberProblem | undefined {
  if (!/^[0-9A-Z]{10}$/.test(number)) return 'format';
  const product = mod3736(number.slice(0, 9))!;
  return ALPHABET[(37 - product) % 36] === number[9] ? undefined : 'check';
}

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** The Luhn digit that completes 15 digits into a tax-stamp number. */
export function taxStampCheckDigit(first15: string): string {
  if (!/^[0-9]{15}$/.test(first15)) throw new RangeError('expected 15 digits');
  return String((10 - (luhnSum(`${first15}0`) % 10)) % 10);
}

/** Undefined when `number` (compacted) is a well-formed tax-stamp number. */
export function taxStampProblem(number: string): NumberProblem | undefined {
  if (!/^[0-9]{16}$/.test(number)) return 'format';
  return luhnSum(number) % 10 === 0 ? undefined : 'check';
}

/** French messages for the agent, one per problem. */
export const NUMBER_PROBLEM_MESSAGES = {
  preApplication: {
    format:
      'Numéro de pré-demande invalide : il compte 10 caractères, chiffres et lettres majuscules (ex. 7K2M9Q4T1Z).',
    check:
      'Numéro de pré-demande erroné : le dernier caractère de contrôle ne correspond pas. Vérifiez la saisie.',
  },
  taxStamp: {
    format: 'Numéro de timbre fiscal invalide : il compte 16 chiffres.',
    check: 'Numéro de timbre fiscal erroné : le chiffre de contrôle ne correspond pas. Vérifiez la saisie.',
  },
} as const;
