/**
 * ZFM/R30x module firmware emulated byte by byte on the device end of a ByteStream (in-memory pipe,
 * pseudo-terminal, mock serial port). It decodes command packets exactly as a module receives them
 * and answers with real acknowledgement and data packets: GenImg, UpImage (4-bit image, data packets
 * of the configured size), ReadSysPara, SetSysPara, VfyPwd, Handshake/GetEcho. A control handle
 * scripts the scenario: finger placed/removed, image served (a synthetic ridge pattern by default),
 * confirmation codes to inject, corrupted checksums, ignored commands, slow answers, unplug.
 */
import { EventEmitter } from 'node:events';
import type { FrameError } from '../../core/errors';
import type { ByteStream, Unsubscribe } from '../../core/transport';
import { zfmDefaults } from './descriptor';
import { syntheticFingerprint } from './fixtures/synthetic-fingerprint';
import {
  ackPacket,
  type Command,
  encodeSystemParameters,
  GET_ECHO_OK,
  Instruction,
  packetSizeBytes,
  parseCommand,
  StatusBits,
  SystemParameter,
  type SystemParameters,
} from './protocol/commands';
import { Confirmation } from './protocol/confirmation';
import { ZfmFrameDecoder } from './protocol/decoder';
import { packNibbles, splitIntoDataPackets, ZFM_IMAGE_HEIGHT, ZFM_IMAGE_WIDTH } from './protocol/image';
import { encodePacket, PacketId, type ZfmPacket } from './protocol/packet';

export interface ZfmSimulatorOptions {
  address?: number;
  password?: number;
  systemId?: number;
  librarySize?: number;
  securityLevel?: number;
  /** 0..3 → 32/64/128/256-byte data packets (default 2: 128). */
  packetSizeCode?: number;
  /** Baud multiplier N, baud = N × 9600 (default 6: 57,600). */
  baudMultiplier?: number;
  fingerPlaced?: boolean;
  /** 8-bit 256×288 image served by UpImage (default: synthetic pattern from `seed`). */
  image?: Uint8Array;
  seed?: number;
  /** Delay before each answer. */
  responseDelayMs?: number;
  /** Send the 0x55 power-on byte when attached, as R30x modules do. */
  powerOnByte?: boolean;
}

export interface ZfmSimulatorEvents {
  /** A well-formed command addressed to this module arrived. */
  command: [command: Command];
  /** An acknowledgement was sent. */
  ack: [instruction: number, code: number];
  /** Data packet `index` (0-based) of `count` was sent. */
  dataPacket: [index: number, count: number];
  /** A malformed frame arrived from the host. */
  frameError: [error: FrameError];
  closed: [];
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ZfmSimulator extends EventEmitter<ZfmSimulatorEvents> {
  private readonly decoder = new ZfmFrameDecoder();
  private work: Promise<void> = Promise.resolve();
  private readonly unsubscribes: Unsubscribe[];
  private stopped = false;
  private fingerPlaced: boolean;
  private image: Uint8Array;
  private imageBuffer: Uint8Array | undefined;
  private passwordVerified = false;
  private password: number;
  private readonly parameters: SystemParameters;
  private readonly injected = new Map<number, number[]>();
  private corruptCount = 0;
  private ignoreCount = 0;
  private responseDelayMs: number;

  constructor(
    private readonly stream: ByteStream,
    options: ZfmSimulatorOptions = {},
  ) {
    super();
    this.password = options.password ?? zfmDefaults.password;
    this.parameters = {
      statusRegister: 0,
      systemId: options.systemId ?? 0,
      librarySize: options.librarySize ?? 162,
      securityLevel: options.securityLevel ?? 3,
      address: options.address ?? zfmDefaults.address,
      packetSizeCode: options.packetSizeCode ?? 2,
      baudMultiplier: options.baudMultiplier ?? 6,
    };
    this.fingerPlaced = options.fingerPlaced ?? false;
    this.image =
      options.image ??
      syntheticFingerprint({ width: ZFM_IMAGE_WIDTH, height: ZFM_IMAGE_HEIGHT, seed: options.seed });
    this.checkImage(this.image);
    this.responseDelayMs = options.responseDelayMs ?? 0;
    this.unsubscribes = [
      stream.onData((bytes) => this.onBytes(bytes)),
      stream.onClose(() => {
        this.stopped = true;
        this.emit('closed');
      }),
    ];
    if (options.powerOnByte) void this.stream.write(Uint8Array.of(0x55)).catch(() => undefined);
  }

  // ── control handle ────────────────────────────────────────────────────────────────────────────

  get isFingerPlaced(): boolean {
    return this.fingerPlaced;
  }

  placeFinger(image?: Uint8Array): void {
    if (image) this.setImage(image);
    this.fingerPlaced = true;
  }

  removeFinger(): void {
    this.fingerPlaced = false;
  }

  setImage(image: Uint8Array): void {
    this.checkImage(image);
    this.image = image;
  }

  /** The next `times` commands `instruction` are answered with confirmation `code` (and nothing else). */
  injectConfirmation(instruction: number, code: number, times = 1): void {
    const queue = this.injected.get(instruction) ?? [];
    for (let i = 0; i < times; i++) queue.push(code);
    this.injected.set(instruction, queue);
  }

  /** The next `count` packets sent carry a wrong checksum. */
  corruptNextPackets(count = 1): void {
    this.corruptCount += count;
  }

  /** The next `count` commands get no answer at all (a hung module). */
  ignoreNextCommands(count = 1): void {
    this.ignoreCount += count;
  }

  setResponseDelay(ms: number): void {
    this.responseDelayMs = ms;
  }

  /** Pulls the cable: the stream closes on both sides (with an 'unplugged' reason where supported). */
  unplug(): void {
    this.stopped = true;
    const end = this.stream as ByteStream & { sever?: (reason?: Error) => void };
    if (typeof end.sever === 'function') end.sever(new Error('unplugged'));
    else void this.stream.close();
  }

  /** Detaches from the stream without closing it. */
  stop(): void {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  get systemParameters(): SystemParameters {
    return { ...this.parameters, statusRegister: this.statusRegister() };
  }

  // ── firmware ──────────────────────────────────────────────────────────────────────────────────

  private checkImage(image: Uint8Array): void {
    if (image.length !== ZFM_IMAGE_WIDTH * ZFM_IMAGE_HEIGHT) {
      throw new RangeError(`ZFM image must be ${ZFM_IMAGE_WIDTH}×${ZFM_IMAGE_HEIGHT} 8-bit pixels`);
    }
  }

  private statusRegister(): number {
    let status = 0;
    if (this.passwordVerified) status |= StatusBits.passwordVerified;
    if (this.imageBuffer) status |= StatusBits.imageBufferValid;
    return status;
  }

  private onBytes(bytes: Uint8Array): void {
    if (this.stopped) return;
    for (const event of this.decoder.push(bytes)) {
      if (event.type === 'packet') this.enqueue(() => this.handle(event.packet));
      else if (event.type === 'error') {
        this.emit('frameError', event.error);
        // The module reports a corrupted packet with confirmation 0x01.
        this.enqueue(() => this.send(ackPacket(Confirmation.packetError, [], this.parameters.address)));
      }
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch(() => undefined);
  }

  private async handle(packet: ZfmPacket): Promise<void> {
    if (packet.address !== this.parameters.address || packet.pid !== PacketId.command) return;
    const command = parseCommand(packet);
    this.emit('command', command);
    if (this.ignoreCount > 0) {
      this.ignoreCount--;
      return;
    }
    if (this.responseDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.responseDelayMs));
    if (this.stopped) return;
    const injected = this.injected.get(command.instruction)?.shift();
    if (injected !== undefined) return this.ack(command.instruction, injected);
    const locked =
      this.password !== 0 &&
      !this.passwordVerified &&
      command.instruction !== Instruction.vfyPwd &&
      command.instruction !== Instruction.handshake &&
      command.instruction !== Instruction.getEcho;
    if (locked) return this.ack(command.instruction, Confirmation.passwordRequired);

    const p = command.params;
    switch (command.instruction) {
      case Instruction.handshake:
        return this.ack(command.instruction, Confirmation.ok);
      case Instruction.getEcho:
        return this.ack(command.instruction, GET_ECHO_OK);
      case Instruction.vfyPwd: {
        if (p.length < 4) return this.ack(command.instruction, Confirmation.packetError);
        const given = ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
        this.passwordVerified = given === this.password;
        return this.ack(
          command.instruction,
          this.passwordVerified ? Confirmation.ok : Confirmation.wrongPassword,
        );
      }
      case Instruction.readSysPara:
        return this.ack(command.instruction, Confirmation.ok, encodeSystemParameters(this.systemParameters));
      case Instruction.setSysPara:
        return this.ack(command.instruction, this.setParameter(p[0], p[1]));
      case Instruction.genImg:
        if (!this.fingerPlaced) return this.ack(command.instruction, Confirmation.noFinger);
        this.imageBuffer = packNibbles(this.image);
        return this.ack(command.instruction, Confirmation.ok);
      case Instruction.upImage:
        return this.upImage();
      default:
        return this.ack(command.instruction, Confirmation.packetError);
    }
  }

  private setParameter(parameter: number | undefined, value: number | undefined): number {
    if (value === undefined) return Confirmation.packetError;
    if (parameter === SystemParameter.baud && value >= 1 && value <= 12)
      this.parameters.baudMultiplier = value;
    else if (parameter === SystemParameter.securityLevel && value >= 1 && value <= 5)
      this.parameters.securityLevel = value;
    else if (parameter === SystemParameter.packetSize && value <= 3) this.parameters.packetSizeCode = value;
    else return Confirmation.invalidRegister;
    return Confirmation.ok;
  }

  private async upImage(): Promise<void> {
    const buffer = this.imageBuffer;
    if (!buffer) return this.ack(Instruction.upImage, Confirmation.noValidImage);
    await this.ack(Instruction.upImage, Confirmation.ok);
    const packets = splitIntoDataPackets(
      buffer,
      packetSizeBytes(this.parameters.packetSizeCode),
      this.parameters.address,
    );
    for (const [index, packet] of packets.entries()) {
      if (this.stopped) return;
      await this.send(packet);
      this.emit('dataPacket', index, packets.length);
      await immediate();
    }
  }

  private async ack(instruction: number, code: number, data: Uint8Array = new Uint8Array(0)): Promise<void> {
    await this.send(ackPacket(code, data, this.parameters.address));
    this.emit('ack', instruction, code);
  }

  private async send(packet: ZfmPacket): Promise<void> {
    if (this.stopped) return;
    const bytes = encodePacket(packet);
    if (this.corruptCount > 0) {
      this.corruptCount--;
      bytes[bytes.length - 1] = (bytes[bytes.length - 1]! ^ 0x5a) & 0xff;
    }
    await this.stream.write(bytes).catch(() => undefined);
  }
}
