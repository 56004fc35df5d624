/**
 * Why a 2D-DOC could not be read: one code per cause, with a French message for the agent. A proof
 * that parses but fails verification is not an error (it gets a verdict); these are for input that
 * is not a readable 2D-DOC at all.
 */

export type TwoDDocErrorCode =
  | 'NOT_2DDOC'
  | 'UNSUPPORTED_VERSION'
  | 'TRUNCATED'
  | 'BAD_FIELD'
  | 'BAD_C40'
  | 'BAD_SIGNATURE_ENCODING'
  | 'UNKNOWN_DOCUMENT_TYPE'
  | 'TOO_LARGE';

const messagesFr: Record<TwoDDocErrorCode, string> = {
  NOT_2DDOC:
    'Ce code n’est pas un 2D-DOC (il ne commence pas par « DC ») : vérifiez que vous lisez le bon code.',
  UNSUPPORTED_VERSION: 'Version de 2D-DOC inconnue : ce justificatif ne peut pas être vérifié par le poste.',
  TRUNCATED: 'Le 2D-DOC est incomplet : relisez le code, en entier et bien à plat.',
  BAD_FIELD: 'Le contenu du 2D-DOC est mal formé : le justificatif ne peut pas être vérifié.',
  BAD_C40: 'Le codage C40 du 2D-DOC est invalide : relisez le code.',
  BAD_SIGNATURE_ENCODING:
    'La signature du 2D-DOC est illisible (longueur ou codage invalide) : justificatif à refuser.',
  UNKNOWN_DOCUMENT_TYPE:
    'Type de document 2D-DOC inconnu : ce justificatif ne peut pas être vérifié par le poste.',
  TOO_LARGE: 'Le code lu est trop long pour un 2D-DOC : relisez le code.',
};

export class TwoDDocError extends Error {
  constructor(
    readonly code: TwoDDocErrorCode,
    /** Technical detail for the log and the CLI (English, no personal data). */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'TwoDDocError';
  }

  /** The French message shown to the agent. */
  get messageFr(): string {
    return messagesFr[this.code];
  }
}
