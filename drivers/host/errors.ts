/**
 * The device host's error translation: every error its drivers and models can raise becomes a
 * contract code with a French message saying what to do. Device faults keep their taxonomy
 * (operator prompt, timeout, fault); an image that cannot be decoded (or a picture without a
 * readable 2D code: the barcode image error's own French reason) is `INVALID_IMAGE`, a model
 * that is missing or fails is `ANALYSIS_UNAVAILABLE`. The original error rides as the cause, so its
 * technical detail reaches the core's log and the diagnostics screen, never the agent.
 */
import { StationError } from '../../common/errors';
import { PortraitInputError } from '../../models/face';
import {
  FingerRecordError,
  ImageDecodeError,
  InvalidImageError,
  IsoTemplateError,
  UnsupportedImageFormatError,
} from '../../models/fingerprint';
import { WsqError } from '../../models/fingerprint/wsq';
import { BarcodeImageError } from '../../models/imaging/barcode';
import { Jpeg2000Error } from '../../models/imaging/jpeg2000';
import { ModelRuntimeError } from '../../models/runtime';
import { DeviceError } from '../core/errors';
import { UnknownDeviceError } from '../registry/device-registry';

export const deviceHostMessages = {
  unknownDevice: 'Périphérique inconnu de ce poste : actualisez la liste des périphériques.',
  photoUnreadable:
    'Image illisible : la photo reçue de la caméra n’a pas pu être décodée. Reprenez la photo ; si cela se répète, testez la caméra depuis le diagnostic.',
  fingerprintUnreadable:
    'Image d’empreinte illisible : l’image reçue n’a pas pu être décodée. Recommencez la capture ; si cela se répète, lancez l’auto-test du lecteur d’empreintes depuis le diagnostic.',
  jpeg2000Unreadable:
    'Image illisible : une image au format JPEG 2000 (puce de la carte ou lecteur d’empreintes) n’a pas pu être décodée. Recommencez ; si cela se répète, contactez l’assistance.',
  modelMissing:
    'Analyse indisponible : un modèle d’analyse du poste est absent ou altéré. Réinstallez le poste ou contactez l’assistance.',
  analysisFailed:
    'Analyse indisponible : le calcul a échoué. Réessayez ; si cela persiste, redémarrez le processus des périphériques depuis le diagnostic.',
} as const;

/** The contract error for `error`, or `error` itself when it is already one (or unknown: INTERNAL). */
export function translateDeviceHostError(error: unknown): unknown {
  if (error instanceof StationError) return error;
  if (error instanceof UnknownDeviceError)
    return new StationError(
      'NOT_FOUND',
      deviceHostMessages.unknownDevice,
      { deviceId: error.deviceId },
      { cause: error },
    );
  if (error instanceof DeviceError) {
    const payload = error.toPayload();
    return new StationError(payload.code, payload.message, payload.details);
  }
  if (error instanceof PortraitInputError)
    return new StationError('INVALID_IMAGE', deviceHostMessages.photoUnreadable, undefined, { cause: error });
  if (
    error instanceof ImageDecodeError ||
    error instanceof InvalidImageError ||
    error instanceof UnsupportedImageFormatError ||
    error instanceof WsqError ||
    error instanceof FingerRecordError ||
    error instanceof IsoTemplateError
  )
    return new StationError('INVALID_IMAGE', deviceHostMessages.fingerprintUnreadable, undefined, {
      cause: error,
    });
  if (error instanceof BarcodeImageError)
    return new StationError('INVALID_IMAGE', error.messageFr, { imageError: error.code }, { cause: error });
  if (error instanceof Jpeg2000Error)
    return new StationError('INVALID_IMAGE', deviceHostMessages.jpeg2000Unreadable, undefined, {
      cause: error,
    });
  if (error instanceof ModelRuntimeError) {
    const failed = error.code === 'inference_failed' || error.code === 'runner_closed';
    return new StationError(
      'ANALYSIS_UNAVAILABLE',
      failed ? deviceHostMessages.analysisFailed : deviceHostMessages.modelMissing,
      { modelError: error.code },
      { cause: error },
    );
  }
  return error;
}
