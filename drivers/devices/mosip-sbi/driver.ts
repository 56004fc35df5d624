/**
 * MOSIP SBI fingerprint scanner driver: the vendor-neutral path to enrolment scanners (IDEMIA,
 * Suprema, SecuGen...) through their SBI device service. Implements FingerprintScanner on top of
 * SbiClient; every capture is checked before use: JWS signature of the data block and of the
 * digital id (certificate from x5c, optional trust anchors), transaction id, hash chain across the
 * transaction, and the ISO/IEC 19794-4 record inside. One Operation state machine per operation.
 * A lost service or an unplugged scanner (SBI error 106) ends in a 'disconnected' DeviceError.
 * capture() decodes the image of the record: raw 8-bit, WSQ, JPEG 2000 (lossy or lossless), PNG and
 * JPEG (models/fingerprint decodeFingerRepresentation); other payloads stay available through
 * captureVerified().
 */
import { randomUUID } from 'node:crypto';
import type { FingerPosition } from '../../../common/domain';
import { decodeFingerRepresentation } from '../../../models/fingerprint/formats/builtin-decoders';
import {
  type FingerImageRecord,
  type FingerImageRepresentation,
  parseFingerImageRecord,
} from '../../../models/fingerprint/formats/iso19794-4';
import { FingerRecordError } from '../../../models/fingerprint/formats/record-error';
import { UnsupportedImageFormatError } from '../../../models/fingerprint/image/decoders';
import type { GreyImage } from '../../../models/fingerprint/image/grey-image';
import type {
  DeviceIdentity,
  FingerprintCapture,
  FingerprintScanner,
  OperationOptions,
  SelfTestResult,
} from '../../core/capabilities';
import { descriptors } from '../../core/descriptor';
import { DeviceError, FrameError } from '../../core/errors';
import { delay, exchangeTransitions, type TransitionTable } from '../../core/operation';
import { OperationQueue } from '../../core/operation-queue';
import { operatorPrompts } from '../../core/operator-prompts';
import { selfTestChecks } from '../../core/self-test';
import { ProtocolTrace } from '../../core/trace';
import { SbiClient } from './client';
import { SBI_INITIAL_HASH, verifyChainLink } from './protocol/hash-chain';
import { decodeUnsignedPayload, SbiSignatureError, type SbiTrust, verifySbiJws } from './protocol/jws';
import {
  BiometricData,
  bioSubTypeOf,
  DeviceInfo,
  DigitalId,
  fingerFromBioSubType,
  type RCaptureRequest,
  SBI_SPEC_VERSION,
  sbiError,
} from './protocol/messages';

export interface SbiDriverOptions {
  port: number;
  host?: string;
  client?: SbiClient;
  /** Device id inside the service (default: the first finger device it reports). */
  deviceId?: string;
  deviceSubId?: number;
  env?: string;
  purpose?: string;
  requestedScore?: number;
  /** Device-side wait per RCAPTURE; when it ends without a finger the operator is prompted (default 3 s). */
  promptAfterMs?: number;
  captureTimeoutMs?: number;
  operationTimeoutMs?: number;
  /** How long a 'Busy' (111) answer is retried before it is reported (default 1 s). */
  busyRetryMs?: number;
  /** Device provider certificates; without them any self-consistent signature is accepted. */
  trust?: SbiTrust;
  trace?: ProtocolTrace;
  now?: () => Date;
}

export interface SbiIdentity extends DeviceIdentity {
  deviceId: string;
  deviceStatus: string;
  certification?: string;
  purpose?: string;
  env?: string;
  /** False for unregistered devices, whose device info is unsigned. */
  signed: boolean;
  certificateThumbprint?: string;
}

/** A capture whose signature, hash chain and ISO record were all checked. */
export interface SbiVerifiedCapture {
  record: FingerImageRecord;
  representation: FingerImageRepresentation;
  isoRecord: Uint8Array;
  transactionId: string;
  previousHash: string;
  hash: string;
  qualityScore?: number;
  bioSubType: string;
  certificateThumbprint: string;
  deviceCode?: string;
  capturedAt: string;
}

export interface SbiFingerprintCapture extends FingerprintCapture {
  sbi: SbiVerifiedCapture;
}

type CaptureState = 'start' | 'requesting' | 'verifying' | 'decoding' | 'done';
const captureTransitions: TransitionTable<CaptureState> = {
  start: ['requesting'],
  requesting: ['verifying'],
  verifying: ['decoding'],
  decoding: ['done'],
  done: [],
};

function protocolError(code: string, message: string, cause?: unknown, protocolStatus?: string): DeviceError {
  return new DeviceError('protocol', code, message, { cause, protocolStatus });
}

/**
 * The pixels of a verified capture. Raw images must fill their declared size exactly; compressed
 * ones must decode to the size the ISO record declares. A payload no codec here reads is
 * SBI_IMAGE_FORMAT_UNSUPPORTED (the record stays usable through captureVerified()); one that does
 * not decode is SBI_BAD_IMAGE.
 */
async function decodeCaptureImage(rep: FingerImageRepresentation): Promise<GreyImage> {
  if (rep.compression === 'raw' && rep.bitDepth === 8) {
    if (rep.data.length !== rep.width * rep.height) {
      throw protocolError(
        'SBI_BAD_IMAGE',
        `raw image of ${rep.data.length} bytes for ${rep.width}×${rep.height}`,
      );
    }
    return { width: rep.width, height: rep.height, ppi: rep.ppi, pixels: rep.data };
  }
  let image: GreyImage;
  try {
    image = await decodeFingerRepresentation(rep);
  } catch (error) {
    if (error instanceof UnsupportedImageFormatError) {
      throw new DeviceError(
        'fatal',
        'SBI_IMAGE_FORMAT_UNSUPPORTED',
        `capture verified but its ${rep.compression} (${rep.bitDepth}-bit) image cannot be decoded; use captureVerified() for the ISO record`,
        { cause: error, protocolStatus: `compression ${rep.compressionCode}` },
      );
    }
    throw protocolError(
      'SBI_BAD_IMAGE',
      `${rep.compression} image does not decode: ${error instanceof Error ? error.message : String(error)}`,
      error,
      `compression ${rep.compressionCode}`,
    );
  }
  if (image.width !== rep.width || image.height !== rep.height) {
    throw protocolError(
      'SBI_BAD_IMAGE',
      `${rep.compression} image is ${image.width}×${image.height}, the ISO record says ${rep.width}×${rep.height}`,
    );
  }
  return image;
}

export class SbiFingerprintDriver implements FingerprintScanner {
  readonly descriptor = descriptors.sbiFingerprint;
  readonly kind = 'fingerprint' as const;
  readonly trace: ProtocolTrace;
  readonly client: SbiClient;
  private readonly port: number;
  private deviceId: string | undefined;
  private readonly options: SbiDriverOptions;
  private transactionId = '';
  private previousHash = SBI_INITIAL_HASH;
  private readonly operations = new OperationQueue({
    toDeviceError: (reason, name) =>
      reason instanceof FrameError || reason instanceof FingerRecordError
        ? protocolError('SBI_BAD_ISO_RECORD', `${name}: ${reason.message}`, reason, reason.code)
        : new DeviceError('fatal', 'SBI_INTERNAL', `${name}: ${String(reason)}`, { cause: reason }),
    closeOnDisconnected: true,
  });

  constructor(options: SbiDriverOptions) {
    this.options = options;
    this.port = options.port;
    this.deviceId = options.deviceId;
    this.client = options.client ?? new SbiClient({ host: options.host });
    this.trace = options.trace ?? new ProtocolTrace();
    this.newTransaction();
  }

  get transportPath(): string {
    return `http://${this.client.host}:${this.port}`;
  }

  get closed(): boolean {
    return this.operations.closed;
  }

  /** Starts a new SBI transaction: new transaction id, hash chain restarted. */
  newTransaction(): string {
    this.transactionId = `recueil-${randomUUID()}`;
    this.previousHash = SBI_INITIAL_HASH;
    return this.transactionId;
  }

  cancel(): void {
    this.operations.cancel();
  }

  async identify(options: OperationOptions = {}): Promise<SbiIdentity> {
    return this.operations.run('identify', exchangeTransitions, options, this.opTimeout(), async (op) => {
      op.to('exchanging');
      const identity = await this.readDeviceInfo(op.signal);
      op.to('done');
      return identity;
    });
  }

  async selfTest(options: OperationOptions = {}): Promise<SelfTestResult> {
    return this.operations.run('selftest', exchangeTransitions, options, this.opTimeout(), async (op) => {
      op.to('exchanging');
      const { check, result } = selfTestChecks(op.signal);
      await check('discovery', async () => {
        const found = await this.client.discover({ ports: [this.port], signal: op.signal, timeoutMs: 3000 });
        const device = found[0]?.devices.find(
          (d) => this.deviceId === undefined || d.deviceId === this.deviceId,
        );
        if (!device) throw new DeviceError('fatal', 'SBI_NOT_DISCOVERED', 'device not listed by MOSIPDISC');
        if (device.deviceStatus !== 'Ready')
          throw new DeviceError('fatal', 'SBI_NOT_READY', `status ${device.deviceStatus}`);
        return `device ${device.deviceId} Ready (${device.certification ?? '?'})`;
      });
      await check('signed-device-info', async () => {
        const identity = await this.readDeviceInfo(op.signal);
        if (!identity.signed)
          throw new DeviceError(
            'fatal',
            'SBI_NOT_REGISTERED',
            'device info is unsigned (device not registered)',
          );
        return `signature verified, certificate ${identity.certificateThumbprint ?? ''}`;
      });
      op.to('done');
      return result();
    });
  }

  /** Restarts the transaction (hash chain) and checks the device answers. */
  async reset(options: OperationOptions = {}): Promise<void> {
    this.operations.cancel();
    await this.operations.run('reset', exchangeTransitions, options, this.opTimeout(), async (op) => {
      op.to('exchanging');
      this.newTransaction();
      await this.readDeviceInfo(op.signal);
      op.to('done');
    });
  }

  async capture(
    options: OperationOptions & { finger?: FingerPosition } = {},
  ): Promise<SbiFingerprintCapture> {
    const sbi = await this.captureVerified(options);
    const image = await decodeCaptureImage(sbi.representation);
    return {
      image,
      finger: options.finger ?? fingerFromBioSubType(sbi.bioSubType),
      deviceQuality: sbi.qualityScore,
      capturedAt: sbi.capturedAt,
      sbi,
    };
  }

  /** RCAPTURE with every check, whatever the image compression; advances the hash chain. */
  async captureVerified(
    options: OperationOptions & { finger?: FingerPosition } = {},
  ): Promise<SbiVerifiedCapture> {
    const timeoutMs = options.timeoutMs ?? this.options.captureTimeoutMs ?? 30_000;
    return this.operations.run('capture', captureTransitions, options, timeoutMs, async (op) => {
      const deadline = Date.now() + timeoutMs;
      const deviceId = this.deviceId ?? (await this.readDeviceInfo(op.signal)).deviceId;
      op.to('requesting');
      const bioSubType = bioSubTypeOf(options.finger);
      const prompt = operatorPrompts(options);
      let entry: { data?: string; hash?: string } | undefined;
      const busyUntil = Date.now() + (this.options.busyRetryMs ?? 1000);
      for (;;) {
        const wait = Math.max(200, Math.min(this.options.promptAfterMs ?? 3000, deadline - Date.now()));
        const request: RCaptureRequest = {
          env: this.options.env ?? 'Developer',
          purpose: this.options.purpose ?? 'Registration',
          specVersion: SBI_SPEC_VERSION,
          timeout: wait,
          captureTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          transactionId: this.transactionId,
          bio: [
            {
              type: 'Finger',
              count: 1,
              bioSubType: [bioSubType],
              exception: [],
              requestedScore: this.options.requestedScore ?? 40,
              deviceId,
              deviceSubId: this.options.deviceSubId ?? 0,
              previousHash: this.previousHash,
            },
          ],
          customOpts: {},
        };
        this.trace.record('out', Buffer.from(JSON.stringify(request)), { note: 'RCAPTURE' });
        const response = await this.client.rcapture(this.port, request, {
          signal: op.signal,
          timeoutMs: wait + 10_000,
        });
        const first = response.biometrics[0];
        if (!first) throw protocolError('SBI_BAD_REPLY', 'RCAPTURE: no biometrics in reply');
        this.trace.record('in', Buffer.from(first.data ?? ''), {
          personal: true,
          note: `RCAPTURE ${first.error?.errorCode ?? '0'}`,
        });
        const code = first.error?.errorCode ?? '0';
        if (code === '0') {
          entry = first;
          break;
        }
        const error = sbiError(first.error ?? { errorCode: code }, 'RCAPTURE');
        if (code === '111' && Date.now() < busyUntil) {
          // Busy is transient (e.g. the service has not yet seen our previous, cancelled request end).
          await delay(50, op.signal);
          continue;
        }
        prompt(error);
      }
      op.to('verifying');
      options.onProgress?.('Vérification de la capture', 0.6);
      const verified = await this.verify(entry.data ?? '', 'capture data');
      const parsed = BiometricData.safeParse(verified.payload);
      if (!parsed.success)
        throw protocolError('SBI_BAD_REPLY', `capture data: ${parsed.error.message.slice(0, 200)}`);
      const data = parsed.data;
      await this.verify(data.digitalId, 'digital id');
      if (data.transactionId !== this.transactionId) {
        throw protocolError(
          'SBI_TRANSACTION_MISMATCH',
          `capture for transaction ${data.transactionId}, expected ${this.transactionId}`,
        );
      }
      const isoRecord = Uint8Array.from(Buffer.from(data.bioValue, 'base64url'));
      const previousHash = this.previousHash;
      if (!verifyChainLink(previousHash, isoRecord, entry.hash ?? '')) {
        throw protocolError(
          'SBI_HASH_CHAIN_BROKEN',
          'capture hash does not chain to the previous capture of this transaction',
          undefined,
          entry.hash,
        );
      }
      op.to('decoding');
      const record = parseFingerImageRecord(isoRecord);
      const representation = record.representations[0];
      if (!representation) throw protocolError('SBI_BAD_IMAGE', 'ISO record without finger representation');
      this.previousHash = (entry.hash ?? '').toUpperCase();
      op.to('done');
      options.onProgress?.('Empreinte acquise', 1);
      const quality = Number(data.qualityScore);
      return {
        record,
        representation,
        isoRecord,
        transactionId: data.transactionId,
        previousHash,
        hash: this.previousHash,
        qualityScore: Number.isFinite(quality) ? quality : undefined,
        bioSubType: data.bioSubType,
        certificateThumbprint: verified.thumbprint,
        deviceCode: data.deviceCode,
        capturedAt: (this.options.now ?? (() => new Date()))().toISOString(),
      };
    });
  }

  /** M-JPEG preview frames (registration devices); stops when the signal aborts. */
  preview(options: { signal?: AbortSignal; timeoutMs?: number } = {}): AsyncGenerator<Uint8Array> {
    return this.client.stream(
      this.port,
      {
        deviceId: this.deviceId ?? '1',
        deviceSubId: String(this.options.deviceSubId ?? 0),
        timeout: options.timeoutMs,
      },
      { signal: options.signal },
    );
  }

  async close(): Promise<void> {
    this.operations.close(new DeviceError('disconnected', 'SBI_CLOSED', 'SBI driver closed'));
  }

  private opTimeout(): number {
    return this.options.operationTimeoutMs ?? 8000;
  }

  private async verify(jws: string, what: string) {
    try {
      return await verifySbiJws(jws, { trust: this.options.trust, now: this.options.now?.() });
    } catch (error) {
      if (error instanceof SbiSignatureError) {
        throw protocolError('SBI_SIGNATURE_INVALID', `${what}: ${error.message}`, error, error.reason);
      }
      throw error;
    }
  }

  private async readDeviceInfo(signal: AbortSignal): Promise<SbiIdentity> {
    const entries = await this.client.deviceInfo(this.port, { signal, timeoutMs: 5000 });
    const candidates: SbiIdentity[] = [];
    for (const entry of entries) {
      const code = entry.error?.errorCode ?? '0';
      if (!entry.deviceInfo) {
        if (code !== '0') throw sbiError(entry.error ?? { errorCode: code }, 'MOSIPDINFO');
        continue;
      }
      const signed = entry.deviceInfo.split('.').length === 3;
      const verified = signed ? await this.verify(entry.deviceInfo, 'device info') : undefined;
      const info = DeviceInfo.safeParse(
        verified ? verified.payload : decodeUnsignedPayload(entry.deviceInfo),
      );
      if (!info.success)
        throw protocolError('SBI_BAD_REPLY', `device info: ${info.error.message.slice(0, 200)}`);
      const digital = DigitalId.safeParse(
        info.data.digitalId.split('.').length === 3
          ? (await this.verify(info.data.digitalId, 'digital id')).payload
          : decodeUnsignedPayload(info.data.digitalId),
      );
      if (!digital.success)
        throw protocolError('SBI_BAD_REPLY', `digital id: ${digital.error.message.slice(0, 200)}`);
      if (digital.data.type !== 'Finger') continue;
      if (info.data.deviceCode && info.data.deviceCode !== digital.data.serialNo) {
        throw protocolError(
          'SBI_IDENTITY_MISMATCH',
          `deviceCode ${info.data.deviceCode} != serialNo ${digital.data.serialNo}`,
        );
      }
      candidates.push({
        model: `${digital.data.make} ${digital.data.model}`,
        serialNumber: digital.data.serialNo,
        firmware: info.data.firmware,
        transportPath: this.transportPath,
        deviceId: info.data.deviceId,
        deviceStatus: info.data.deviceStatus,
        certification: info.data.certification,
        purpose: info.data.purpose,
        env: info.data.env,
        signed,
        certificateThumbprint: verified?.thumbprint,
      });
    }
    const chosen = candidates.find((c) => this.deviceId === undefined || c.deviceId === this.deviceId);
    if (!chosen)
      throw new DeviceError('disconnected', 'SBI_DEVICE_NOT_FOUND', 'no finger device in MOSIPDINFO');
    this.deviceId ??= chosen.deviceId;
    return chosen;
  }
}
