/**
 * ZFM/R30x fingerprint scanner driver over a ByteStream (serial port, pseudo-terminal or in-memory
 * pipe). Each operation (identify, self-test, reset, capture) runs in its own Operation state
 * machine with a deadline and cancellation; operations are serialised. Capture polls GenImg until a
 * finger is on the sensor (prompting the operator), uploads the 4-bit image and returns it as an
 * 8-bit 256×288 image at 500 ppi. A closed stream (unplug) fails the running operation with a
 * 'disconnected' DeviceError and closes the driver.
 */

import type { FingerPosition } from '../../../common/domain';
import type {
  DeviceIdentity,
  FingerprintCapture,
  FingerprintScanner,
  OperationOptions,
  SelfTestResult,
} from '../../core/capabilities';
import { DeviceError, FrameError } from '../../core/errors';
import { delay, exchangeTransitions, type TransitionTable } from '../../core/operation';
import { OperationQueue } from '../../core/operation-queue';
import { operatorPrompts } from '../../core/operator-prompts';
import { selfTestChecks } from '../../core/self-test';
import { ProtocolTrace } from '../../core/trace';
import type { ByteStream, Unsubscribe } from '../../core/transport';
import { zfmDefaults, zfmDescriptor } from './descriptor';
import { ZfmLink } from './link';
import {
  type Ack,
  baudRate,
  commands,
  GET_ECHO_OK,
  packetSizeBytes,
  parseSystemParameters,
  type SystemParameters,
} from './protocol/commands';
import { Confirmation, confirmationError } from './protocol/confirmation';
import {
  unpackNibbles,
  ZFM_IMAGE_HEIGHT,
  ZFM_IMAGE_PACKED_BYTES,
  ZFM_IMAGE_PPI,
  ZFM_IMAGE_WIDTH,
} from './protocol/image';
import type { ZfmPacket } from './protocol/packet';

export interface ZfmDriverOptions {
  address?: number;
  password?: number;
  /** Pause between two GenImg polls while no finger is on the sensor (default 120 ms). */
  pollIntervalMs?: number;
  /** Deadline for one acknowledgement, and for each next data packet (default 2,000 ms). */
  answerTimeoutMs?: number;
  /** Default deadline of capture (default 30 s) and of the other operations (default 8 s). */
  captureTimeoutMs?: number;
  operationTimeoutMs?: number;
  trace?: ProtocolTrace;
  now?: () => Date;
}

export interface ZfmIdentity extends DeviceIdentity {
  parameters: SystemParameters;
  baudRate: number;
  packetSizeBytes: number;
}

type CaptureState = 'start' | 'waiting-finger' | 'uploading' | 'assembling' | 'done';
const captureTransitions: TransitionTable<CaptureState> = {
  start: ['waiting-finger'],
  'waiting-finger': ['uploading'],
  uploading: ['assembling'],
  assembling: ['done'],
  done: [],
};

type ResetState = 'start' | 'resynchronising' | 'verifying' | 'done';
const resetTransitions: TransitionTable<ResetState> = {
  start: ['resynchronising'],
  resynchronising: ['verifying'],
  verifying: ['done'],
  done: [],
};

const PROGRESS_UPLOAD = 'Transfert de l’empreinte';

export class ZfmDriver implements FingerprintScanner {
  readonly descriptor = zfmDescriptor;
  readonly kind = 'fingerprint' as const;
  readonly trace: ProtocolTrace;
  private readonly link: ZfmLink;
  private readonly address: number;
  private readonly password: number;
  private readonly pollIntervalMs: number;
  private readonly answerTimeoutMs: number;
  private readonly captureTimeoutMs: number;
  private readonly operationTimeoutMs: number;
  private readonly now: () => Date;
  private readonly operations = new OperationQueue({
    toDeviceError: (reason, name) =>
      reason instanceof FrameError
        ? new DeviceError('protocol', 'ZFM_BAD_FRAME', `${name}: ${reason.message}`, {
            cause: reason,
            protocolStatus: reason.code,
          })
        : new DeviceError('fatal', 'ZFM_INTERNAL', `${name}: ${String(reason)}`, { cause: reason }),
  });
  private readonly disconnectListeners = new Set<(error: DeviceError) => void>();

  constructor(
    private readonly stream: ByteStream,
    options: ZfmDriverOptions = {},
  ) {
    this.address = options.address ?? zfmDefaults.address;
    this.password = options.password ?? zfmDefaults.password;
    this.pollIntervalMs = options.pollIntervalMs ?? 120;
    this.answerTimeoutMs = options.answerTimeoutMs ?? 2000;
    this.captureTimeoutMs = options.captureTimeoutMs ?? 30_000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 8000;
    this.trace = options.trace ?? new ProtocolTrace();
    this.now = options.now ?? (() => new Date());
    this.link = new ZfmLink(stream, { address: this.address, trace: this.trace });
    this.link.onClose((error) => {
      this.operations.close(error);
      for (const listener of [...this.disconnectListeners]) listener(error);
    });
  }

  /** True once the stream closed (unplug) or `close()` was called. */
  get closed(): boolean {
    return this.operations.closed;
  }

  /** Called once when the module goes away (stream closed). */
  onDisconnect(listener: (error: DeviceError) => void): Unsubscribe {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** Cancels the running operation, if any; it rejects with a 'cancelled' DeviceError. */
  cancel(): void {
    this.operations.cancel();
  }

  async identify(options: OperationOptions = {}): Promise<ZfmIdentity> {
    return this.operations.run(
      'identify',
      exchangeTransitions,
      options,
      this.operationTimeoutMs,
      async (op) => {
        op.to('exchanging');
        await this.verifyPassword(op.signal);
        const parameters = await this.readSystemParameters(op.signal);
        op.to('done');
        return {
          model: this.descriptor.model,
          transportPath: this.stream.path,
          parameters,
          baudRate: baudRate(parameters),
          packetSizeBytes: packetSizeBytes(parameters.packetSizeCode),
        };
      },
    );
  }

  async selfTest(options: OperationOptions = {}): Promise<SelfTestResult> {
    return this.operations.run(
      'selftest',
      exchangeTransitions,
      options,
      this.operationTimeoutMs,
      async (op) => {
        op.to('exchanging');
        const { check, result } = selfTestChecks(op.signal);
        await check('handshake', () => this.handshake(op.signal));
        await check('password', async () => {
          await this.verifyPassword(op.signal);
          return 'password accepted';
        });
        await check('system-parameters', async () => {
          const p = await this.readSystemParameters(op.signal);
          const problems: string[] = [];
          if (p.packetSizeCode > 3) problems.push(`packet size code ${p.packetSizeCode}`);
          if (p.baudMultiplier < 1 || p.baudMultiplier > 12)
            problems.push(`baud multiplier ${p.baudMultiplier}`);
          if (p.securityLevel < 1 || p.securityLevel > 5) problems.push(`security level ${p.securityLevel}`);
          if (p.address !== this.address) problems.push(`address 0x${p.address.toString(16)}`);
          if (problems.length > 0)
            throw new DeviceError('protocol', 'ZFM_BAD_PARAMETERS', problems.join(', '));
          return `library ${p.librarySize}, security ${p.securityLevel}, ${packetSizeBytes(p.packetSizeCode)} B packets, ${baudRate(p)} baud`;
        });
        op.to('done');
        return result();
      },
    );
  }

  /** Drops any half-received answer, waits for a quiet line and checks the module answers. */
  async reset(options: OperationOptions = {}): Promise<void> {
    this.operations.cancel();
    await this.operations.run('reset', resetTransitions, options, this.operationTimeoutMs, async (op) => {
      op.to('resynchronising');
      await this.link.resynchronise(op.signal);
      op.to('verifying');
      await this.verifyPassword(op.signal);
      op.to('done');
    });
  }

  async capture(options: OperationOptions & { finger?: FingerPosition } = {}): Promise<FingerprintCapture> {
    return this.operations.run('capture', captureTransitions, options, this.captureTimeoutMs, async (op) => {
      op.to('waiting-finger');
      const prompt = operatorPrompts(options);
      for (;;) {
        const ack = await this.exchange(commands.genImg(this.address), 'GenImg', op.signal);
        if (ack.code === Confirmation.ok) break;
        prompt(confirmationError(ack.code, 'GenImg'));
        await delay(this.pollIntervalMs, op.signal);
      }
      op.to('uploading');
      options.onProgress?.(PROGRESS_UPLOAD, 0.2);
      const ack = await this.exchange(commands.upImage(this.address), 'UpImage', op.signal);
      if (ack.code !== Confirmation.ok) throw confirmationError(ack.code, 'UpImage');
      const packed = await this.link.receiveData({
        signal: op.signal,
        timeoutMs: this.answerTimeoutMs,
        context: 'UpImage data',
        onPacket: (received) =>
          options.onProgress?.(PROGRESS_UPLOAD, 0.2 + 0.75 * Math.min(1, received / ZFM_IMAGE_PACKED_BYTES)),
      });
      op.to('assembling');
      const pixels = unpackNibbles(packed, ZFM_IMAGE_WIDTH, ZFM_IMAGE_HEIGHT);
      op.to('done');
      options.onProgress?.('Empreinte acquise', 1);
      return {
        image: { width: ZFM_IMAGE_WIDTH, height: ZFM_IMAGE_HEIGHT, ppi: ZFM_IMAGE_PPI, pixels },
        finger: options.finger,
        capturedAt: this.now().toISOString(),
      };
    });
  }

  async close(): Promise<void> {
    this.operations.close(new DeviceError('disconnected', 'ZFM_CLOSED', 'ZFM driver closed'));
    this.link.detach();
    await this.stream.close();
  }

  private async handshake(signal: AbortSignal): Promise<string> {
    const ack = await this.exchange(commands.handshake(this.address), 'Handshake', signal);
    if (ack.code === Confirmation.ok) return 'Handshake (0x40) answered 0x00';
    // Some firmware lines only know GetEcho (0x53), answered with 0x55.
    const echo = await this.exchange(commands.getEcho(this.address), 'GetEcho', signal);
    if (echo.code === GET_ECHO_OK) return 'GetEcho (0x53) answered 0x55';
    throw confirmationError(echo.code, 'GetEcho');
  }

  private async verifyPassword(signal: AbortSignal): Promise<void> {
    const ack = await this.exchange(commands.vfyPwd(this.password, this.address), 'VfyPwd', signal);
    if (ack.code !== Confirmation.ok) throw confirmationError(ack.code, 'VfyPwd');
  }

  private async readSystemParameters(signal: AbortSignal): Promise<SystemParameters> {
    const ack = await this.exchange(commands.readSysPara(this.address), 'ReadSysPara', signal);
    if (ack.code !== Confirmation.ok) throw confirmationError(ack.code, 'ReadSysPara');
    return parseSystemParameters(ack.data);
  }

  private exchange(packet: ZfmPacket, context: string, signal: AbortSignal): Promise<Ack> {
    return this.link.command(packet, { signal, timeoutMs: this.answerTimeoutMs, context });
  }
}
