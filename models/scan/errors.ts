/**
 * Why a flatbed scan gives no portrait: no photo on the glass, several, an image too large to
 * analyse, an unreadable or truncated file. Each reason has the French sentence the agent reads;
 * the English message is the technical detail (the CLI prints both and exits 2).
 */
import { PortraitInputError } from '../face/errors';

export type ScanInputReason = 'unreadable' | 'too_large' | 'no_photo' | 'several_photos';

export const SCAN_INPUT_MESSAGES_FR: Readonly<Record<ScanInputReason, string>> = {
  unreadable: 'Numérisation illisible (fichier incomplet ou format inconnu) : numérisez de nouveau la photo.',
  too_large:
    'Numérisation trop grande pour être analysée : numérisez seulement la zone de la photo, à 600 ppp au plus.',
  no_photo:
    'Aucune photo d’identité trouvée sur la vitre : posez la photo face contre la vitre, près d’un bord, et numérisez de nouveau.',
  several_photos: 'Plusieurs photos sur la vitre : n’en laissez qu’une seule et numérisez de nouveau.',
};

/** A scan that yields no portrait; a PortraitInputError, so every caller that maps one maps this. */
export class ScanInputError extends PortraitInputError {
  override readonly name = 'PortraitInputError' as const;
  readonly kind = 'scan' as const;
  readonly messageFr: string;

  constructor(
    readonly reason: ScanInputReason,
    message: string,
    source?: string,
  ) {
    super(message, source);
    this.messageFr = SCAN_INPUT_MESSAGES_FR[reason];
  }
}
