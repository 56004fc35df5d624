/**
 * ZFM/R30x confirmation codes — product core protocol: each code's meaning (ZFM user manual) and
 * how the driver reports it: an operator prompt in French when the person at the station can fix it
 * (finger absent, badly placed), otherwise a protocol or fatal DeviceError carrying the code.
 */
import { DeviceError, type DeviceErrorKind } from '../../../core/errors';
import { hex } from './packet';

export interface ConfirmationInfo {
  name: string;
  meaning: string;
  kind: DeviceErrorKind;
  /** Stable driver error code. */
  errorCode: string;
  /** French instruction for the operator, for operator-kind codes. */
  prompt?: string;
}

export const PROMPT_PLACE_FINGER = 'Posez le doigt sur le capteur';

export const Confirmation = {
  ok: 0x00,
  packetError: 0x01,
  noFinger: 0x02,
  enrollFail: 0x03,
  imageMessy: 0x06,
  tooFewFeatures: 0x07,
  noMatch: 0x08,
  notFound: 0x09,
  mergeFail: 0x0a,
  badPage: 0x0b,
  templateReadError: 0x0c,
  uploadFeatureFail: 0x0d,
  cannotReceiveData: 0x0e,
  uploadImageFail: 0x0f,
  deleteFail: 0x10,
  clearFail: 0x11,
  wrongPassword: 0x13,
  noValidImage: 0x15,
  flashError: 0x18,
  invalidRegister: 0x1a,
  addressError: 0x20,
  passwordRequired: 0x21,
} as const;

export const confirmationTable: Readonly<Record<number, ConfirmationInfo>> = {
  1: {
    name: 'packetError',
    meaning: 'error when receiving the packet',
    kind: 'protocol',
    errorCode: 'ZFM_PACKET_ERROR',
  },
  2: {
    name: 'noFinger',
    meaning: 'no finger on the sensor',
    kind: 'operator',
    errorCode: 'ZFM_NO_FINGER',
    prompt: PROMPT_PLACE_FINGER,
  },
  3: {
    name: 'enrollFail',
    meaning: 'failed to collect the finger image',
    kind: 'operator',
    errorCode: 'ZFM_IMAGE_FAIL',
    prompt: 'Image illisible : retirez le doigt puis reposez-le bien à plat',
  },
  6: {
    name: 'imageMessy',
    meaning: 'image too disordered to generate a character file',
    kind: 'operator',
    errorCode: 'ZFM_IMAGE_MESSY',
    prompt: 'Image brouillée : nettoyez le doigt et le capteur, puis recommencez',
  },
  7: {
    name: 'tooFewFeatures',
    meaning: 'too few feature points to generate a character file',
    kind: 'operator',
    errorCode: 'ZFM_TOO_FEW_FEATURES',
    prompt: 'Appuyez un peu plus et centrez le doigt sur le capteur',
  },
  8: { name: 'noMatch', meaning: 'templates do not match', kind: 'fatal', errorCode: 'ZFM_NO_MATCH' },
  9: { name: 'notFound', meaning: 'no matching template found', kind: 'fatal', errorCode: 'ZFM_NOT_FOUND' },
  10: {
    name: 'mergeFail',
    meaning: 'failed to combine character files',
    kind: 'fatal',
    errorCode: 'ZFM_MERGE_FAIL',
  },
  11: { name: 'badPage', meaning: 'page id beyond the library', kind: 'fatal', errorCode: 'ZFM_BAD_PAGE' },
  12: {
    name: 'templateReadError',
    meaning: 'error reading the template',
    kind: 'fatal',
    errorCode: 'ZFM_TEMPLATE_READ',
  },
  13: {
    name: 'uploadFeatureFail',
    meaning: 'error uploading the template',
    kind: 'fatal',
    errorCode: 'ZFM_UPLOAD_FEATURE',
  },
  14: {
    name: 'cannotReceiveData',
    meaning: 'module cannot receive the following data packets',
    kind: 'protocol',
    errorCode: 'ZFM_CANNOT_RECEIVE',
  },
  15: {
    name: 'uploadImageFail',
    meaning: 'error uploading the image',
    kind: 'fatal',
    errorCode: 'ZFM_UPLOAD_IMAGE_FAIL',
  },
  16: {
    name: 'deleteFail',
    meaning: 'failed to delete the template',
    kind: 'fatal',
    errorCode: 'ZFM_DELETE_FAIL',
  },
  17: {
    name: 'clearFail',
    meaning: 'failed to clear the library',
    kind: 'fatal',
    errorCode: 'ZFM_CLEAR_FAIL',
  },
  19: { name: 'wrongPassword', meaning: 'wrong password', kind: 'fatal', errorCode: 'ZFM_WRONG_PASSWORD' },
  21: {
    name: 'noValidImage',
    meaning: 'no valid primary image in the image buffer',
    kind: 'protocol',
    errorCode: 'ZFM_NO_VALID_IMAGE',
  },
  24: { name: 'flashError', meaning: 'error writing flash', kind: 'fatal', errorCode: 'ZFM_FLASH_ERROR' },
  26: {
    name: 'invalidRegister',
    meaning: 'invalid register number',
    kind: 'protocol',
    errorCode: 'ZFM_INVALID_REGISTER',
  },
  32: { name: 'addressError', meaning: 'address code error', kind: 'fatal', errorCode: 'ZFM_ADDRESS_ERROR' },
  33: {
    name: 'passwordRequired',
    meaning: 'password must be verified first',
    kind: 'fatal',
    errorCode: 'ZFM_PASSWORD_REQUIRED',
  },
};

export function describeConfirmation(code: number): string {
  if (code === Confirmation.ok) return '0x00 ok';
  const info = confirmationTable[code];
  return info ? `0x${hex(code)} ${info.meaning}` : `0x${hex(code)} unknown confirmation code`;
}

/** The DeviceError a non-zero confirmation code becomes; `context` names the instruction. */
export function confirmationError(code: number, context: string): DeviceError {
  const protocolStatus = `0x${hex(code)}`;
  const info = confirmationTable[code];
  if (!info) {
    return new DeviceError(
      'protocol',
      'ZFM_UNKNOWN_CONFIRMATION',
      `${context}: unknown confirmation ${protocolStatus}`,
      {
        protocolStatus,
      },
    );
  }
  if (info.kind === 'operator' && info.prompt) {
    return new DeviceError('operator', info.errorCode, info.prompt, { prompt: info.prompt, protocolStatus });
  }
  return new DeviceError(info.kind, info.errorCode, `${context}: ${info.meaning} (${protocolStatus})`, {
    protocolStatus,
  });
}
