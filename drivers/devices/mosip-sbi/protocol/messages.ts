/**
 * MOSIP SBI message shapes and vocabularies — product core protocol (SBI/MDS spec 0.9.5):
 * discovery, device info, RCAPTURE request/response, error codes and how each maps to a driver
 * DeviceError, and finger names (bioSubType) ↔ our finger positions ↔ ISO position codes.
 */

import { z } from 'zod';
import type { FingerPosition } from '../../../../common/domain';
import { fingerPositions } from '../../../../common/domain';
import { DeviceError } from '../../../core/errors';

export const SBI_PORT_FIRST = 4501;
export const SBI_PORT_LAST = 4600;
export const SBI_SPEC_VERSION = '0.9.5';

export const SbiError = z.object({ errorCode: z.string(), errorInfo: z.string().optional() });
export type SbiError = z.infer<typeof SbiError>;

export const DeviceStatus = z.enum(['Ready', 'Busy', 'Not Ready', 'Not Registered']);

export const DiscoveredDevice = z.object({
  deviceId: z.string(),
  deviceStatus: z.string(),
  certification: z.string().optional(),
  serviceVersion: z.string().optional(),
  deviceSubId: z.array(z.union([z.string(), z.number()])).optional(),
  callbackId: z.string().optional(),
  digitalId: z.string().optional(),
  deviceCode: z.string().optional(),
  specVersion: z.array(z.string()).optional(),
  purpose: z.string().optional(),
  error: SbiError.optional(),
});
export type DiscoveredDevice = z.infer<typeof DiscoveredDevice>;

export const DeviceInfoEntry = z.object({ deviceInfo: z.string().optional(), error: SbiError.optional() });
export type DeviceInfoEntry = z.infer<typeof DeviceInfoEntry>;

export const DeviceInfo = z.object({
  deviceStatus: z.string(),
  deviceId: z.string(),
  firmware: z.string().optional(),
  certification: z.string().optional(),
  serviceVersion: z.string().optional(),
  deviceSubId: z.array(z.union([z.string(), z.number()])).optional(),
  callbackId: z.string().optional(),
  digitalId: z.string(),
  deviceCode: z.string().optional(),
  env: z.string().optional(),
  purpose: z.string().optional(),
  specVersion: z.array(z.string()).optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const DigitalId = z.object({
  serialNo: z.string(),
  make: z.string(),
  model: z.string(),
  type: z.string(),
  deviceSubType: z.string(),
  deviceProvider: z.string(),
  deviceProviderId: z.string(),
  dateTime: z.string(),
});
export type DigitalId = z.infer<typeof DigitalId>;

export const BiometricData = z.object({
  digitalId: z.string(),
  deviceCode: z.string().optional(),
  deviceServiceVersion: z.string().optional(),
  bioType: z.string(),
  bioSubType: z.string(),
  purpose: z.string().optional(),
  env: z.string().optional(),
  bioValue: z.string(),
  transactionId: z.string(),
  timestamp: z.string(),
  requestedScore: z.union([z.string(), z.number()]).optional(),
  qualityScore: z.union([z.string(), z.number()]).optional(),
});
export type BiometricData = z.infer<typeof BiometricData>;

export const RCaptureResponse = z.object({
  biometrics: z.array(
    z.object({
      specVersion: z.string().optional(),
      data: z.string().optional(),
      hash: z.string().optional(),
      error: SbiError.optional(),
    }),
  ),
});
export type RCaptureResponse = z.infer<typeof RCaptureResponse>;

export interface RCaptureRequest {
  env: string;
  purpose: string;
  specVersion: string;
  timeout: number;
  captureTime: string;
  transactionId: string;
  bio: {
    type: 'Finger';
    count: number;
    bioSubType: string[];
    exception: string[];
    requestedScore: number;
    deviceId: string;
    deviceSubId: number;
    previousHash: string;
  }[];
  customOpts: Record<string, string>;
}

export const SBI_TRANSACTION_ID = /^[A-Za-z0-9-]{4,50}$/;

export const sbiErrorMessages: Readonly<Record<string, string>> = {
  '0': 'Success',
  '100': 'Device not registered',
  '101': 'Unable to detect a biometric object',
  '102': 'Technical error during extraction',
  '103': 'Device tamper detected',
  '104': 'Unable to connect to the management server',
  '105': 'Image orientation error',
  '106': 'Device not found',
  '107': 'Device public key expired',
  '108': 'Domain public key missing',
  '109': 'Requested number of biometric (Finger/IRIS) not supported',
  '110': 'Device is not ready',
  '111': 'Device is Busy',
  '112': 'Invalid Transaction ID',
};

export const PROMPT_PLACE_FINGER = 'Posez le doigt sur le capteur';

/** The DeviceError an SBI error code becomes. */
export function sbiError(error: SbiError, context: string): DeviceError {
  const code = error.errorCode;
  const meaning =
    sbiErrorMessages[code] ?? (code.startsWith('5') ? 'vendor-specific error' : 'unknown error');
  const detail = `${context}: SBI error ${code} ${meaning}${error.errorInfo ? ` (${error.errorInfo})` : ''}`;
  const protocolStatus = code;
  switch (code) {
    case '101':
      return new DeviceError('operator', 'SBI_NO_FINGER', PROMPT_PLACE_FINGER, {
        prompt: PROMPT_PLACE_FINGER,
        protocolStatus,
      });
    case '105': {
      const prompt = 'Replacez le doigt bien droit, au centre du capteur';
      return new DeviceError('operator', 'SBI_ORIENTATION', prompt, { prompt, protocolStatus });
    }
    case '106':
      return new DeviceError('disconnected', 'SBI_DEVICE_NOT_FOUND', detail, { protocolStatus });
    case '109':
    case '112':
      return new DeviceError(
        'protocol',
        code === '109' ? 'SBI_COUNT_NOT_SUPPORTED' : 'SBI_INVALID_TRANSACTION',
        detail,
        {
          protocolStatus,
        },
      );
    case '111':
      return new DeviceError('fatal', 'SBI_BUSY', detail, { protocolStatus });
    case '110':
      return new DeviceError('fatal', 'SBI_NOT_READY', detail, { protocolStatus });
    case '100':
      return new DeviceError('fatal', 'SBI_NOT_REGISTERED', detail, { protocolStatus });
    case '103':
      return new DeviceError('fatal', 'SBI_TAMPER', detail, { protocolStatus });
    default:
      return new DeviceError('fatal', `SBI_ERROR_${code.replace(/[^0-9A-Za-z]/g, '')}`, detail, {
        protocolStatus,
      });
  }
}

const fingerNames: Readonly<Record<FingerPosition, string>> = {
  'right-thumb': 'Right Thumb',
  'right-index': 'Right IndexFinger',
  'right-middle': 'Right MiddleFinger',
  'right-ring': 'Right RingFinger',
  'right-little': 'Right LittleFinger',
  'left-thumb': 'Left Thumb',
  'left-index': 'Left IndexFinger',
  'left-middle': 'Left MiddleFinger',
  'left-ring': 'Left RingFinger',
  'left-little': 'Left LittleFinger',
};

/** ISO/IEC 19794-4 finger position codes. */
const isoPositions: readonly FingerPosition[] = fingerPositions;

export function bioSubTypeOf(finger: FingerPosition | undefined): string {
  return finger ? fingerNames[finger] : 'UNKNOWN';
}

export function fingerFromBioSubType(name: string): FingerPosition | undefined {
  return (Object.keys(fingerNames) as FingerPosition[]).find((k) => fingerNames[k] === name);
}

export function isoPositionOf(finger: FingerPosition | undefined): number {
  return finger ? isoPositions.indexOf(finger) + 1 : 0;
}
