/** Typed errors of the portrait module (the CLI maps PortraitInputError to a non-zero exit). */

/** The input is not a readable image (missing file, unsupported or corrupt data). */
export class PortraitInputError extends Error {
  override readonly name = 'PortraitInputError';
  constructor(
    message: string,
    readonly source?: string,
  ) {
    super(message);
  }
}
