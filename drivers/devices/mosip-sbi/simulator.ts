/**
 * MOSIP SBI device service simulator: a TypeScript SBI service on `net` with its own HTTP/1.1
 * layer, answering MOSIPDISC, MOSIPDINFO, RCAPTURE and STREAM as the SBI 0.9.5 specification
 * describes (JSON shapes, error codes, JWS RS256 signatures with x5c, hash chain, ISO/IEC 19794-4
 * 2011 records with raw 8-bit images, M-JPEG preview). It signs with a test key and self-signed
 * certificate made at start. Scriptable: finger placed, quality, delay, status (busy...), injected
 * errors, broken hash chain, tampered capture, device unplug and service crash.
 * Backs `recueil sim serve sbi --port N` through `serveSbi`.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { CompactSign } from 'jose';
import {
  encodeFingerImageRecord2011,
  type FingerImageCompression,
} from '../../../models/fingerprint/formats/iso19794-4';
import { syntheticFingerprint } from '../zfm/fixtures/synthetic-fingerprint';
import { chainHash, SBI_INITIAL_HASH } from './protocol/hash-chain';
import {
  fingerFromBioSubType,
  isoPositionOf,
  SBI_PORT_FIRST,
  SBI_SPEC_VERSION,
  SBI_TRANSACTION_ID,
  sbiErrorMessages,
} from './protocol/messages';
import { createDeviceIdentity, type DeviceIdentityKeys } from './sim/device-keys';
import { Http1RequestParser, type HttpRequest, responseHead, sendJson } from './sim/http1';
import { encodeGreyJpeg } from './sim/jpeg-grey';

export type SbiDeviceStatus = 'Ready' | 'Busy' | 'Not Ready' | 'Not Registered';

export interface SbiSimulatorOptions {
  host?: string;
  /** Default 4501; 0 picks a free port. */
  port?: number;
  deviceId?: string;
  serialNo?: string;
  make?: string;
  model?: string;
  deviceProvider?: string;
  deviceProviderId?: string;
  firmware?: string;
  env?: string;
  fingerPlaced?: boolean;
  /** Quality score 0..100 reported and written into the ISO record (default 80). */
  quality?: number;
  /** Extra delay before each answer (default 0). */
  delayMs?: number;
  status?: SbiDeviceStatus;
  width?: number;
  height?: number;
  ppi?: number;
  seed?: number;
  /** Preview frames per second on STREAM (default 5). */
  streamFps?: number;
  /** Reuse a device key and certificate (default: a fresh one, RSA-2048 generation costs CPU). */
  identity?: DeviceIdentityKeys;
  /** Test hook: serve this payload instead of the raw image (e.g. bytes labelled WSQ). */
  payload?: { compression: FingerImageCompression; data: Uint8Array };
}

export interface SbiSimulatorEvents {
  request: [method: string, target: string];
  /** An RCAPTURE is waiting for a finger. */
  captureWaiting: [];
  /** An RCAPTURE answered (error code '0' on success). */
  captured: [errorCode: string];
  streamFrame: [index: number];
}

const statusError: Record<SbiDeviceStatus, string> = {
  Ready: '0',
  Busy: '111',
  'Not Ready': '110',
  'Not Registered': '100',
};

function errorObject(code: string) {
  return { errorCode: code, errorInfo: sbiErrorMessages[code] ?? 'Custom error' };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export class SbiSimulator extends EventEmitter<SbiSimulatorEvents> {
  readonly identity: DeviceIdentityKeys;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly options: Required<Omit<SbiSimulatorOptions, 'payload' | 'seed' | 'identity'>> &
    Pick<SbiSimulatorOptions, 'payload'>;
  private image: Uint8Array;
  private fingerPlaced: boolean;
  private capturing = false;
  private unplugged = false;
  private readonly injected: string[] = [];
  private breakChain = 0;
  private tamper = 0;
  private readonly fingerWaiters = new Set<() => void>();
  private boundPort = 0;

  constructor(options: SbiSimulatorOptions = {}) {
    super();
    this.options = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? SBI_PORT_FIRST,
      deviceId: options.deviceId ?? '1',
      serialNo: options.serialNo ?? 'RCLSIM000001',
      make: options.make ?? 'Recueil',
      model: options.model ?? 'SBI-SIM-1',
      deviceProvider: options.deviceProvider ?? 'Recueil test provider',
      deviceProviderId: options.deviceProviderId ?? 'RECUEIL-TEST',
      firmware: options.firmware ?? '1.0.0',
      env: options.env ?? 'Developer',
      fingerPlaced: options.fingerPlaced ?? true,
      quality: options.quality ?? 80,
      delayMs: options.delayMs ?? 0,
      status: options.status ?? 'Ready',
      width: options.width ?? 300,
      height: options.height ?? 400,
      ppi: options.ppi ?? 500,
      streamFps: options.streamFps ?? 5,
      payload: options.payload,
    };
    this.fingerPlaced = this.options.fingerPlaced;
    this.image = syntheticFingerprint({
      width: this.options.width,
      height: this.options.height,
      seed: options.seed,
    });
    this.identity =
      options.identity ??
      createDeviceIdentity({
        commonName: `${this.options.make} ${this.options.model} ${this.options.serialNo}`,
      });
  }

  /** The print the simulated person presents from now on (width × height 8-bit pixels of the device). */
  presentFinger(pixels: Uint8Array): void {
    if (pixels.length !== this.options.width * this.options.height)
      throw new RangeError(`expected ${this.options.width}×${this.options.height} pixels`);
    this.image = pixels;
  }

  /** The image size of this simulated device. */
  get imageSize(): { width: number; height: number } {
    return { width: this.options.width, height: this.options.height };
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.options.host}:${this.boundPort}/`;
  }

  /** PEM of the device certificate (to pin it as a trust anchor in tests). */
  get certificatePem(): string {
    return this.identity.certificate.toString();
  }

  async start(): Promise<this> {
    const server = createServer((socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.port;
    this.server = server;
    return this;
  }

  // ── control handle ────────────────────────────────────────────────────────────────────────────

  placeFinger(): void {
    this.fingerPlaced = true;
    for (const wake of [...this.fingerWaiters]) wake();
  }

  removeFinger(): void {
    this.fingerPlaced = false;
  }

  setQuality(quality: number): void {
    this.options.quality = quality;
  }

  setDelay(ms: number): void {
    this.options.delayMs = ms;
  }

  setStatus(status: SbiDeviceStatus): void {
    this.options.status = status;
  }

  /** The next `times` RCAPTURE answers carry SBI error `code` (e.g. '102', '503'). */
  injectError(code: string, times = 1): void {
    for (let i = 0; i < times; i++) this.injected.push(code);
  }

  /** The next `times` captures carry a hash that does not chain to the request's previousHash. */
  breakHashChain(times = 1): void {
    this.breakChain += times;
  }

  /** The next `times` captures have their signed payload altered after signing. */
  tamperNextCapture(times = 1): void {
    this.tamper += times;
  }

  /** The scanner is unplugged: pending captures end with error 106, discovery lists nothing. */
  unplug(): void {
    this.unplugged = true;
    for (const wake of [...this.fingerWaiters]) wake();
  }

  replug(): void {
    this.unplugged = false;
  }

  /** The device service dies: connections are reset and the port stops listening. */
  async crash(): Promise<void> {
    for (const socket of this.sockets) socket.resetAndDestroy();
    await this.close();
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    for (const wake of [...this.fingerWaiters]) wake();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ── service ───────────────────────────────────────────────────────────────────────────────────

  private onConnection(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = new Http1RequestParser();
    let handled = false;
    socket.on('data', (chunk) => {
      if (handled) return;
      try {
        const request = parser.push(chunk);
        if (!request) return;
        handled = true;
        void this.handle(request, socket).catch(() => socket.destroy());
      } catch {
        handled = true;
        sendJson(socket, 400, { error: errorObject('500') });
      }
    });
  }

  private async handle(request: HttpRequest, socket: Socket): Promise<void> {
    this.emit('request', request.method, request.target);
    if (this.options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    const location = { LOCATION: `http://${this.options.host}:${this.boundPort}` };
    let body: Record<string, unknown> = {};
    try {
      body =
        request.body.length > 0 ? (JSON.parse(request.body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return sendJson(socket, 200, [{ error: errorObject('101') }], location);
    }
    switch (request.method) {
      case 'MOSIPDISC':
        return sendJson(socket, 200, this.discovery(String(body.type ?? '')), location);
      case 'MOSIPDINFO':
        return sendJson(socket, 200, await this.deviceInfo(), location);
      case 'RCAPTURE':
        return sendJson(socket, 200, await this.rcapture(body, socket), location);
      case 'STREAM':
        return this.stream(body, socket);
      default:
        return sendJson(socket, 405, { error: errorObject('500') }, location);
    }
  }

  private digitalId() {
    return {
      serialNo: this.options.serialNo,
      make: this.options.make,
      model: this.options.model,
      type: 'Finger',
      deviceSubType: 'Single',
      deviceProvider: this.options.deviceProvider,
      deviceProviderId: this.options.deviceProviderId,
      dateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  private async sign(payload: unknown): Promise<string> {
    return new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8'))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c: [this.identity.certificateBase64] })
      .sign(this.identity.privateKey);
  }

  private discovery(type: string) {
    if (this.unplugged) return [];
    if (!['biometric device', 'finger'].includes(type.trim().toLowerCase())) return [];
    const status = this.options.status;
    return [
      {
        deviceId: this.options.deviceId,
        deviceStatus: status,
        certification: 'L0',
        serviceVersion: SBI_SPEC_VERSION,
        deviceSubId: ['0'],
        callbackId: this.url,
        digitalId: b64url(this.digitalId()),
        deviceCode: this.options.serialNo,
        specVersion: [SBI_SPEC_VERSION],
        purpose: status === 'Not Registered' ? '' : 'Registration',
        error: errorObject(statusError[status]),
      },
    ];
  }

  private async deviceInfo() {
    if (this.unplugged) return [{ error: errorObject('106') }];
    const registered = this.options.status !== 'Not Registered';
    const info = {
      deviceStatus: this.options.status,
      deviceId: this.options.deviceId,
      firmware: this.options.firmware,
      certification: 'L0',
      serviceVersion: SBI_SPEC_VERSION,
      deviceSubId: ['0'],
      callbackId: this.url,
      digitalId: registered ? await this.sign(this.digitalId()) : b64url(this.digitalId()),
      deviceCode: this.options.serialNo,
      env: registered ? this.options.env : 'None',
      purpose: registered ? 'Registration' : '',
      specVersion: [SBI_SPEC_VERSION],
    };
    return [
      {
        deviceInfo: registered ? await this.sign(info) : b64url(info),
        error: errorObject(statusError[this.options.status]),
      },
    ];
  }

  private captureError(code: string) {
    this.emit('captured', code);
    return { biometrics: [{ specVersion: SBI_SPEC_VERSION, data: '', hash: '', error: errorObject(code) }] };
  }

  /** Resolves true once the finger is on the sensor, false after `timeoutMs` or when the client leaves. */
  private waitForFinger(timeoutMs: number, socket: Socket): Promise<boolean> {
    if (this.fingerPlaced) return Promise.resolve(true);
    this.emit('captureWaiting');
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.fingerWaiters.delete(done);
        socket.off('close', done);
        resolve(this.fingerPlaced && !this.unplugged && !socket.destroyed);
      };
      const timer = setTimeout(done, timeoutMs);
      this.fingerWaiters.add(done);
      socket.once('close', done);
    });
  }

  private async rcapture(body: Record<string, unknown>, socket: Socket) {
    if (this.unplugged) return this.captureError('106');
    const transactionId = String(body.transactionId ?? '');
    if (!SBI_TRANSACTION_ID.test(transactionId)) return this.captureError('112');
    const bio = Array.isArray(body.bio) ? (body.bio[0] as Record<string, unknown> | undefined) : undefined;
    if (bio?.type !== 'Finger') return this.captureError('109');
    if (Number(bio.count ?? 1) !== 1) return this.captureError('109');
    if (bio.deviceId !== undefined && String(bio.deviceId) !== this.options.deviceId)
      return this.captureError('106');
    if (this.options.status !== 'Ready') return this.captureError(statusError[this.options.status]);
    if (this.capturing) return this.captureError('111');
    const injected = this.injected.shift();
    if (injected) return this.captureError(injected);
    this.capturing = true;
    try {
      const timeout = Math.max(0, Math.min(Number(body.timeout ?? 10_000) || 10_000, 120_000));
      const placed = await this.waitForFinger(timeout, socket);
      if (this.unplugged) return this.captureError('106');
      if (!placed) return this.captureError('101');
      const subTypes = Array.isArray(bio.bioSubType) ? bio.bioSubType.map(String) : [];
      const bioSubType = subTypes[0] ?? 'UNKNOWN';
      const iso = encodeFingerImageRecord2011({
        position: isoPositionOf(fingerFromBioSubType(bioSubType)),
        width: this.options.width,
        height: this.options.height,
        ppi: this.options.ppi,
        quality: this.options.quality,
        compression: this.options.payload?.compression ?? 'raw',
        data: this.options.payload?.data ?? this.image,
      });
      const previousHash =
        typeof bio.previousHash === 'string' && bio.previousHash !== '' ? bio.previousHash : SBI_INITIAL_HASH;
      let hash: string;
      try {
        hash = chainHash(this.breakChain > 0 ? SBI_INITIAL_HASH.replace(/^./, 'F') : previousHash, iso);
      } catch {
        return this.captureError('500');
      }
      if (this.breakChain > 0) this.breakChain--;
      const data = {
        digitalId: await this.sign(this.digitalId()),
        deviceCode: this.options.serialNo,
        deviceServiceVersion: SBI_SPEC_VERSION,
        bioType: 'Finger',
        bioSubType,
        purpose: 'Registration',
        env: String(body.env ?? this.options.env),
        bioValue: Buffer.from(iso).toString('base64url'),
        transactionId,
        timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        requestedScore: Number(bio.requestedScore ?? 0),
        qualityScore: this.options.quality,
      };
      let jws = await this.sign(data);
      if (this.tamper > 0) {
        this.tamper--;
        const [header, , signature] = jws.split('.');
        jws = `${header}.${b64url({ ...data, qualityScore: 100 })}.${signature}`;
      }
      this.emit('captured', '0');
      return { biometrics: [{ specVersion: SBI_SPEC_VERSION, data: jws, hash, error: errorObject('0') }] };
    } finally {
      this.capturing = false;
    }
  }

  private stream(body: Record<string, unknown>, socket: Socket): void {
    if (this.unplugged || String(body.deviceId ?? this.options.deviceId) !== this.options.deviceId) {
      sendJson(socket, 200, { error: errorObject('106') });
      return;
    }
    const boundary = 'mosipframe';
    socket.write(
      responseHead(200, {
        'CACHE-CONTROL': 'no-store',
        'Content-Type': `multipart/x-mixed-replace; boundary=${boundary}`,
        Connection: 'close',
      }),
    );
    const blank = new Uint8Array(this.options.width * this.options.height).fill(235);
    const timeoutMs = Number(body.timeout ?? 300_000) || 300_000;
    let index = 0;
    const sendFrame = () => {
      if (socket.destroyed || this.unplugged) return stop();
      const jpeg = encodeGreyJpeg(
        this.fingerPlaced ? this.image : blank,
        this.options.width,
        this.options.height,
        60,
      );
      socket.write(
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
            'latin1',
          ),
          jpeg,
          Buffer.from('\r\n', 'latin1'),
        ]),
      );
      this.emit('streamFrame', index++);
    };
    const interval = setInterval(sendFrame, Math.max(1, Math.round(1000 / this.options.streamFps)));
    const deadline = setTimeout(() => stop(), timeoutMs);
    const stop = () => {
      clearInterval(interval);
      clearTimeout(deadline);
      if (!socket.destroyed) socket.end();
    };
    socket.once('close', stop);
    sendFrame();
  }
}

/** Starts an SBI simulator (`recueil sim serve sbi --port N`); resolves once it listens. */
export function serveSbi(options: SbiSimulatorOptions = {}): Promise<SbiSimulator> {
  return new SbiSimulator(options).start();
}
