/**
 * French errors of chip reading for the agent (operator prompts vs fatal errors), built from the
 * protocol failures, with the resumable state attached when the card was removed. The protocol
 * failure stays the cause (technical detail for diagnostics); it is never part of the agent's text.
 */
import { DeviceError, type DeviceErrorKind, FrameError } from '../../../core/errors';
import { ChipStatusError } from '../card/card-service';
import { AccessControlError } from '../protocols/access-error';
import { SecureMessagingError } from '../sm/secure-messaging';
import type { ChipReadState } from './read-state';

export class ChipReadError extends DeviceError {
  constructor(
    kind: DeviceErrorKind,
    code: string,
    message: string,
    readonly state: ChipReadState | undefined,
    options: { prompt?: string; protocolStatus?: string; cause?: unknown } = {},
  ) {
    super(kind, code, message, { ...options, prompt: options.prompt ?? message });
    this.name = 'ChipReadError';
  }
}

const hexSw = (sw?: number) =>
  sw === undefined ? undefined : sw.toString(16).toUpperCase().padStart(4, '0');

export const messagesFr = {
  wrongCan: (tries?: number) =>
    `Le CAN saisi ne correspond pas à la carte : vérifiez les 6 chiffres imprimés en bas à droite de la carte${
      tries === undefined ? '' : ` (il reste ${tries} essai${tries > 1 ? 's' : ''})`
    }.`,
  wrongMrz:
    'Les données de la bande MRZ saisies ne correspondent pas à la carte : vérifiez le numéro et les dates.',
  canSuspended:
    'Trop d’essais de CAN erronés : retirez la carte, reposez-la sur le lecteur, puis saisissez à nouveau le CAN.',
  canBlocked:
    'Accès à la puce bloqué après trop d’essais de CAN erronés : la carte doit être vérifiée en préfecture.',
  cardRemoved:
    'La carte a été retirée pendant la lecture : reposez-la sur le lecteur pour reprendre là où la lecture s’est arrêtée.',
  unsupported:
    'Carte non prise en charge : ce n’est pas une carte d’identité ni un passeport électronique lisible par ce poste.',
  notGenuine: 'La puce n’a pas prouvé son authenticité : la carte est peut-être contrefaite ou endommagée.',
  terminalExpired:
    'Le certificat du poste pour lire les empreintes a expiré : contactez l’assistance pour le renouveler.',
  terminalRejected:
    'La carte refuse le certificat du poste : lecture des empreintes impossible. Contactez l’assistance.',
  invalidData:
    'Les données de la puce sont illisibles ou incohérentes : reposez la carte et recommencez ; si cela se répète, la carte doit être vérifiée en préfecture.',
  readFailed:
    'Lecture de la puce impossible : reposez la carte sur le lecteur et recommencez ; si cela se répète, lancez l’auto-test du lecteur depuis le diagnostic.',
  sessionLost:
    'La communication sécurisée avec la puce a été interrompue à plusieurs reprises : reposez la carte et recommencez.',
  noFingerRights: 'Le certificat du poste ne donne pas accès aux empreintes de la carte.',
};

/** Turns any failure of a read into a `ChipReadError` with a French message. */
export function toChipReadError(
  error: unknown,
  state: ChipReadState | undefined,
  usingMrz = false,
): ChipReadError {
  if (error instanceof ChipReadError) return error;
  if (error instanceof DeviceError && error.kind === 'disconnected')
    return new ChipReadError('operator', 'CHIP_CARD_REMOVED', messagesFr.cardRemoved, state, {
      cause: error,
    });
  if (error instanceof AccessControlError) {
    const sw = hexSw(error.details.sw);
    switch (error.code) {
      case 'WRONG_PASSWORD':
        return new ChipReadError(
          'operator',
          usingMrz ? 'CHIP_WRONG_MRZ' : 'CHIP_WRONG_CAN',
          usingMrz ? messagesFr.wrongMrz : messagesFr.wrongCan(error.details.triesLeft),
          state,
          {
            protocolStatus: sw,
            cause: error,
          },
        );
      case 'PASSWORD_SUSPENDED':
        return new ChipReadError('operator', 'CHIP_CAN_SUSPENDED', messagesFr.canSuspended, state, {
          protocolStatus: sw,
          cause: error,
        });
      case 'PASSWORD_BLOCKED':
        return new ChipReadError('fatal', 'CHIP_CAN_BLOCKED', messagesFr.canBlocked, state, {
          protocolStatus: sw,
          cause: error,
        });
      case 'UNSUPPORTED':
        return new ChipReadError('fatal', 'CHIP_UNSUPPORTED', messagesFr.unsupported, state, {
          protocolStatus: sw,
          cause: error,
        });
      case 'CERTIFICATE_EXPIRED':
        return new ChipReadError(
          'fatal',
          'CHIP_TERMINAL_CERTIFICATE_EXPIRED',
          messagesFr.terminalExpired,
          state,
          { cause: error },
        );
      case 'CERTIFICATE_REJECTED':
        return new ChipReadError(
          'fatal',
          'CHIP_TERMINAL_CERTIFICATE_REJECTED',
          messagesFr.terminalRejected,
          state,
          {
            protocolStatus: sw,
            cause: error,
          },
        );
      case 'AUTHENTICATION_FAILED':
        return new ChipReadError('fatal', 'CHIP_NOT_GENUINE', messagesFr.notGenuine, state, {
          protocolStatus: sw,
          cause: error,
        });
      default:
        return new ChipReadError('protocol', 'CHIP_PROTOCOL', messagesFr.invalidData, state, {
          protocolStatus: sw,
          cause: error,
        });
    }
  }
  if (error instanceof SecureMessagingError)
    return new ChipReadError('protocol', 'CHIP_SECURE_MESSAGING', messagesFr.sessionLost, state, {
      protocolStatus: hexSw(error.sw),
      cause: error,
    });
  if (error instanceof ChipStatusError)
    return new ChipReadError(
      'protocol',
      error.sw === 0x6a82 ? 'CHIP_UNSUPPORTED' : 'CHIP_STATUS',
      error.sw === 0x6a82 ? messagesFr.unsupported : messagesFr.invalidData,
      state,
      { protocolStatus: hexSw(error.sw), cause: error },
    );
  if (error instanceof FrameError)
    return new ChipReadError('protocol', 'CHIP_DATA_INVALID', messagesFr.invalidData, state, {
      cause: error,
    });
  return new ChipReadError('fatal', 'CHIP_READ_FAILED', messagesFr.readFailed, state, {
    cause: error,
  });
}
