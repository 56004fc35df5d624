/**
 * A software CNIe (French ID card chip, ICAO 9303 eMRTD with EAC v1) implementing `VirtualCard`,
 * usable in-process and behind pcscd through vpcd. Chip side of: file system (MF with
 * EF.CardAccess, eMRTD application with EF.COM/SOD/CVCA and DG1/2/3/14; SFI reads; odd INS B1);
 * PACE ECDH-GM (CAN or MRZ; 3DES or AES) with secure messaging; Chip Authentication (ECDH, AES);
 * Terminal Authentication v1 (CV certificate chain from the trust point, chip "current date",
 * CHAT rights ANDed, challenge signature); DG3 answers 6982 unless TA granted the DG3 right.
 *
 * CAN retry model (the simulator's, documented for the tests): `canTries` (default 3) decreases on
 * each wrong CAN (GA4 answers 63Cx). With one try left the CAN is suspended: PACE with the CAN
 * answers 6985 until the card is reset (taken off the reader), which allows the last try; at zero
 * the CAN is blocked (6983). A correct CAN restores the counter. Fault switches simulate a dropped
 * secure-messaging session. Hand-written (product core); deterministic RNG hook for the ICAO
 * replay test.
 */
import {
  type CommandApdu,
  encodeResponseApdu,
  parseCommandApdu,
  type ResponseApdu,
} from '../../iso7816/apdu';
import type { VirtualCard } from '../../pcsc-reader/simulator/virtual-card';
import { type CurveParams, curves, paceCurveById } from '../crypto/curves';
import {
  decodePoint,
  type EcKeyPair,
  encodePoint,
  generateKeyPair,
  generator,
  type Point,
  type RandomSource,
  sharedSecret,
  systemRandom,
} from '../crypto/ec';
import { ecdsaVerify } from '../crypto/ecdsa';
import { type CipherSpec, KDF_ENC, KDF_MAC, KDF_PACE, kdf, type MrzKey, passwordBytes } from '../crypto/kdf';
import { type CvKeyContext, cvKeyOf, parseCvCertificate } from '../cvc/cv-certificate';
import { type PaceInfo, parseCardAccess } from '../lds/security-infos';
import { encryptNonce, genericMapping, protocolMac, tokenInput } from '../protocols/pace';
import { SecureMessaging } from '../sm/secure-messaging';
import { bigIntToBytes, decodeOid, equalBytes } from '../tlv/asn1';
import { concatBytes, encodeTlv, findTlv, parseTlvList, readTlv } from '../tlv/tlv';
import type { CniePersonalisation } from './personalisation';

export interface CnieSimulatorOptions {
  personalisation: CniePersonalisation;
  /** MRZ key for PACE with the MRZ (default: from DG1's MRZ when given). */
  mrz?: MrzKey;
  random?: RandomSource;
  canTries?: number;
  /** "Today" for the chip before any certificate updates it (ISO date; default: CVCA effective date). */
  initialDate?: string;
  atr?: Uint8Array;
}

export interface CnieFaults {
  /** Answer the Nth protected APDU (counted from now) with a plain 6987 and drop the session. */
  dropSessionAtApdu?: number;
}

interface PaceState {
  info: PaceInfo;
  curve: CurveParams;
  passwordRef: number;
  step: number;
  nonce?: Uint8Array;
  mappedG?: Point;
  ephemeral?: EcKeyPair;
  terminalKey?: Uint8Array;
  ksEnc?: Uint8Array;
  ksMac?: Uint8Array;
}

const ok = (data: Uint8Array | number[] = []): ResponseApdu => ({ data: Uint8Array.from(data), sw: 0x9000 });
const status = (sw: number): ResponseApdu => ({ data: new Uint8Array(0), sw });
const hexId = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

export class CnieSimulator implements VirtualCard {
  readonly atr: Uint8Array;
  readonly faults: CnieFaults = {};
  /** Counters for tests and the benchmark. */
  readonly counters = { apdus: 0, protectedApdus: 0, paceRuns: 0, wrongCan: 0 };
  private readonly random: RandomSource;
  private readonly cardAccess: PaceInfo[];
  private canTriesLeft: number;
  private readonly canTriesMax: number;
  private canSuspendedUntilReset = false;
  private currentDate: string;

  // Session state (lost on reset)
  private inApplication = false;
  private selected: string | undefined;
  private sm: SecureMessaging | undefined;
  private pace: PaceState | undefined;
  private paceDone = false;
  private chipIdentifier: Uint8Array | undefined;
  private caOid: string | undefined;
  private caDone = false;
  private terminalKeyComp: Uint8Array | undefined;
  private taKey: (CvKeyContext & { chr: string; rights: number; role: string }) | undefined;
  private taVerified: (CvKeyContext & { chr: string; rights: number; role: string })[] = [];
  private taChallenge: Uint8Array | undefined;
  private taIs: (CvKeyContext & { chr: string; rights: number }) | undefined;
  private taRights = 0;

  constructor(private readonly options: CnieSimulatorOptions) {
    this.atr =
      options.atr ??
      Uint8Array.of(
        0x3b,
        0x8b,
        0x80,
        0x01,
        0x00,
        0x31,
        0xc1,
        0x64,
        0x09,
        0x37,
        0x72,
        0x13,
        0x00,
        0x90,
        0x00,
        0x51,
      );
    this.random = options.random ?? systemRandom;
    this.canTriesMax = options.canTries ?? 3;
    this.canTriesLeft = this.canTriesMax;
    const access = options.personalisation.masterFiles.get('011C');
    this.cardAccess = access
      ? parseCardAccess(access).filter((i): i is PaceInfo => i.type === 'PACEInfo')
      : [];
    const cvca = parseCvCertificate(options.personalisation.eac.cvca);
    this.currentDate = options.initialDate ?? cvca.effectiveDate;
  }

  get canTriesRemaining(): number {
    return this.canTriesLeft;
  }

  reset(): void {
    this.inApplication = false;
    this.selected = undefined;
    this.sm = undefined;
    this.pace = undefined;
    this.paceDone = false;
    this.chipIdentifier = undefined;
    this.caOid = undefined;
    this.caDone = false;
    this.terminalKeyComp = undefined;
    this.resetTa();
    this.canSuspendedUntilReset = false;
  }

  private resetTa(): void {
    this.taKey = undefined;
    this.taVerified = [];
    this.taChallenge = undefined;
    this.taIs = undefined;
    this.taRights = 0;
  }

  private dropSession(): void {
    const keepSuspension = this.canSuspendedUntilReset;
    this.reset();
    this.canSuspendedUntilReset = keepSuspension;
  }

  process(bytes: Uint8Array): Uint8Array {
    this.counters.apdus += 1;
    let command: CommandApdu;
    try {
      command = parseCommandApdu(bytes);
    } catch {
      return encodeResponseApdu(status(0x6700));
    }
    if ((command.cla & 0x0c) === 0x0c) {
      if (!this.sm) return encodeResponseApdu(status(0x6988));
      this.counters.protectedApdus += 1;
      if (this.faults.dropSessionAtApdu !== undefined) {
        this.faults.dropSessionAtApdu -= 1;
        if (this.faults.dropSessionAtApdu <= 0) {
          this.faults.dropSessionAtApdu = undefined;
          this.dropSession();
          return encodeResponseApdu(status(0x6987));
        }
      }
      const sm = this.sm;
      let inner: CommandApdu;
      try {
        inner = sm.unwrapCommand(bytes);
      } catch {
        this.dropSession();
        return encodeResponseApdu(status(0x6988));
      }
      const response = this.handle(inner, true);
      const wrapped = sm.wrapResponse(response, inner.ins);
      // Chip Authentication switches keys after answering under the old ones.
      if (this.pendingSm) {
        this.sm = this.pendingSm;
        this.pendingSm = undefined;
      }
      return wrapped;
    }
    if (this.sm) {
      // A plain command ends the secure session (ICAO 9303-11 §9.8.4).
      this.dropSession();
    }
    return encodeResponseApdu(this.handle(command, false));
  }

  private pendingSm: SecureMessaging | undefined;

  private handle(command: CommandApdu, secured: boolean): ResponseApdu {
    try {
      switch (command.ins) {
        case 0xa4:
          return this.select(command);
        case 0xb0:
        case 0xb1:
          return this.readBinary(command, secured);
        case 0x22:
          return this.manageSecurityEnvironment(command, secured);
        case 0x86:
          return secured ? this.chipAuthenticate(command) : this.paceStep(command);
        case 0x2a:
          return secured ? this.verifyCertificate(command) : status(0x6982);
        case 0x84:
          return this.getChallenge(command);
        case 0x82:
          return secured ? this.externalAuthenticate(command) : status(0x6982);
        default:
          return status(0x6d00);
      }
    } catch {
      return status(0x6a80);
    }
  }

  // ---------------------------------------------------------------------------------- files

  private files(): Map<string, Uint8Array> {
    return this.inApplication
      ? this.options.personalisation.applicationFiles
      : this.options.personalisation.masterFiles;
  }

  private select(command: CommandApdu): ResponseApdu {
    const data = command.data ?? new Uint8Array(0);
    if (command.p1 === 0x04) {
      if (hexId(data) !== 'A0000002471001') return status(0x6a82);
      this.inApplication = true;
      this.selected = undefined;
      return ok();
    }
    if (data.length !== 2) return status(0x6a86);
    const id = hexId(data);
    if (id === '3F00') {
      this.inApplication = false;
      this.selected = undefined;
      return ok();
    }
    if (!this.files().has(id)) return status(0x6a82);
    this.selected = id;
    return ok();
  }

  private accessAllowed(fid: string, secured: boolean): boolean {
    if (!this.inApplication) return true; // EF.CardAccess is free
    if (!secured || !this.paceDone) return false;
    if (fid === '0103') return this.caDone && (this.taRights & 0x01) !== 0;
    if (fid === '0104') return this.caDone && (this.taRights & 0x02) !== 0;
    return true;
  }

  private readBinary(command: CommandApdu, secured: boolean): ResponseApdu {
    let offset: number;
    if (command.ins === 0xb0) {
      if (command.p1 & 0x80) {
        const sfi = command.p1 & 0x1f;
        const fid = this.inApplication
          ? [...this.files().keys()].find(
              (f) => (Number.parseInt(f, 16) & 0xff) === sfi && f.startsWith('01'),
            )
          : sfi === 0x1c
            ? '011C'
            : undefined;
        if (!fid || !this.files().has(fid)) return status(0x6a82);
        this.selected = fid;
        offset = command.p2;
      } else offset = ((command.p1 & 0x7f) << 8) | command.p2;
    } else {
      const data = command.data ?? new Uint8Array(0);
      const tlv = readTlv(data, 0);
      if (tlv.tag !== 0x54 || tlv.value.length === 0 || tlv.value.length > 3) return status(0x6a80);
      offset = tlv.value.reduce((a, b) => a * 256 + b, 0);
    }
    const fid = this.selected;
    if (!fid) return status(0x6986);
    if (!this.accessAllowed(fid, secured)) return status(0x6982);
    const content = this.files().get(fid)!;
    if (offset > content.length) return status(0x6b00);
    const ne = command.ne ?? 0;
    const want = command.ins === 0xb1 ? Math.max(0, (ne === 0 ? 256 : ne) - 4) : ne === 0 ? 256 : ne;
    const chunk = content.subarray(offset, Math.min(content.length, offset + want));
    const sw = chunk.length < want ? 0x6282 : 0x9000;
    return { data: command.ins === 0xb1 ? encodeTlv(0x53, chunk) : chunk.slice(), sw };
  }

  // ---------------------------------------------------------------------------------- MSE

  private manageSecurityEnvironment(command: CommandApdu, secured: boolean): ResponseApdu {
    const objects = parseTlvList(command.data ?? new Uint8Array(0));
    const p1p2 = (command.p1 << 8) | command.p2;
    if (p1p2 === 0xc1a4) return this.paceSetAt(objects);
    if (!secured) return status(0x6982);
    if (p1p2 === 0x41a4) {
      const oid = findTlv(objects, 0x80);
      if (!oid || decodeOid(oid.value) !== '0.4.0.127.0.7.2.2.3.2.4') return status(0x6a80);
      const keyId = findTlv(objects, 0x84);
      if (
        keyId &&
        keyId.value[keyId.value.length - 1] !== this.options.personalisation.chipAuthenticationKeyId
      )
        return status(0x6a88);
      this.caOid = decodeOid(oid.value);
      return ok();
    }
    if (p1p2 === 0x81b6) {
      const car = findTlv(objects, 0x83);
      if (!car || !this.caDone) return status(0x6985);
      const ref = String.fromCharCode(...car.value);
      const trust = parseCvCertificate(this.options.personalisation.eac.cvca);
      if (ref === trust.chr) {
        const key = cvKeyOf(trust);
        this.taKey = { ...key, chr: trust.chr, rights: trust.chat.rights, role: trust.chat.role };
        this.taVerified = [];
        return ok();
      }
      const known = this.taVerified.find((k) => k.chr === ref);
      if (!known) return status(0x6a88);
      this.taKey = known;
      return ok();
    }
    if (p1p2 === 0x81a4) {
      const chr = findTlv(objects, 0x83);
      const is = this.taVerified[this.taVerified.length - 1];
      if (!chr || !is || is.role !== 'is' || String.fromCharCode(...chr.value) !== is.chr)
        return status(0x6a88);
      this.taIs = is;
      return ok();
    }
    return status(0x6a86);
  }

  // ---------------------------------------------------------------------------------- PACE

  private paceSetAt(objects: ReturnType<typeof parseTlvList>): ResponseApdu {
    const oidObject = findTlv(objects, 0x80);
    const ref = findTlv(objects, 0x83);
    const param = findTlv(objects, 0x84);
    if (!oidObject || !ref || ref.value.length !== 1) return status(0x6a80);
    const oid = decodeOid(oidObject.value);
    const info = this.cardAccess.find(
      (i) => i.oid === oid && i.mapping === 'ECDH-GM' && (!param || param.value[0] === i.parameterId),
    );
    if (!info || info.parameterId === undefined || !(info.parameterId in paceCurveById))
      return status(0x6a80);
    const passwordRef = ref.value[0]!;
    if (passwordRef !== 0x01 && passwordRef !== 0x02) return status(0x6a88);
    if (passwordRef === 0x02) {
      if (this.canTriesLeft === 0) return status(0x6983);
      if (this.canSuspendedUntilReset) return status(0x6985);
    }
    this.sm = undefined;
    this.paceDone = false;
    this.pace = { info, curve: curves[paceCurveById[info.parameterId]!], passwordRef, step: 1 };
    return ok();
  }

  private password(ref: number): Uint8Array {
    if (ref === 0x02) return passwordBytes({ kind: 'can', can: this.options.personalisation.can });
    const mrz = this.options.mrz;
    if (!mrz) throw new Error('no MRZ configured');
    return passwordBytes({ kind: 'mrz', mrz });
  }

  private paceStep(command: CommandApdu): ResponseApdu {
    const pace = this.pace;
    if (!pace) return status(0x6985);
    const outer = readTlv(command.data ?? new Uint8Array(0), 0);
    if (outer.tag !== 0x7c) return status(0x6a80);
    const inner = parseTlvList(outer.value);
    const cipher: CipherSpec = pace.info.cipher;
    const reply = (tag: number, value: Uint8Array) => ok(encodeTlv(0x7c, encodeTlv(tag, value)));
    const fail = (sw = 0x6a80) => {
      this.pace = undefined;
      return status(sw);
    };
    switch (pace.step) {
      case 1: {
        if (inner.length !== 0 || command.cla !== 0x10) return fail();
        this.counters.paceRuns += 1;
        const nonce = this.random(cipher.family === 'aes' ? 16 : 8);
        pace.nonce = nonce;
        pace.step = 2;
        const kPi = kdf(this.password(pace.passwordRef), KDF_PACE, cipher);
        return reply(0x80, encryptNonce(cipher, kPi, nonce));
      }
      case 2: {
        const map = findTlv(inner, 0x81);
        if (!map) return fail();
        const terminalMap = decodePoint(pace.curve, map.value);
        const chipMap = generateKeyPair(pace.curve, generator(pace.curve), this.random);
        pace.mappedG = genericMapping(pace.curve, pace.nonce!, chipMap.privateKey, terminalMap);
        pace.step = 3;
        return reply(0x82, encodePoint(pace.curve, chipMap.publicKey));
      }
      case 3: {
        const key = findTlv(inner, 0x83);
        if (!key) return fail();
        const terminalPoint = decodePoint(pace.curve, key.value);
        const ephemeral = generateKeyPair(pace.curve, pace.mappedG!, this.random);
        const chipKey = encodePoint(pace.curve, ephemeral.publicKey);
        if (equalBytes(chipKey, key.value)) return fail();
        const secret = sharedSecret(pace.curve, ephemeral.privateKey, terminalPoint);
        pace.ephemeral = ephemeral;
        pace.terminalKey = key.value.slice();
        pace.ksEnc = kdf(secret, KDF_ENC, cipher);
        pace.ksMac = kdf(secret, KDF_MAC, cipher);
        pace.step = 4;
        return reply(0x84, chipKey);
      }
      case 4: {
        const token = findTlv(inner, 0x85);
        if (!token || command.cla !== 0x00) return fail();
        const chipKey = encodePoint(pace.curve, pace.ephemeral!.publicKey);
        const expected = protocolMac(cipher, pace.ksMac!, tokenInput(pace.info.oid, chipKey));
        if (!equalBytes(expected, token.value)) {
          this.pace = undefined;
          if (pace.passwordRef !== 0x02) return status(0x6300);
          this.counters.wrongCan += 1;
          this.canTriesLeft = Math.max(0, this.canTriesLeft - 1);
          if (this.canTriesLeft === 1) this.canSuspendedUntilReset = true;
          return status(this.canTriesLeft === 0 ? 0x6983 : 0x63c0 | this.canTriesLeft);
        }
        if (pace.passwordRef === 0x02) this.canTriesLeft = this.canTriesMax;
        const chipToken = protocolMac(cipher, pace.ksMac!, tokenInput(pace.info.oid, pace.terminalKey!));
        this.pace = undefined;
        this.sm = new SecureMessaging(cipher.family, pace.ksEnc!, pace.ksMac!);
        this.paceDone = true;
        this.inApplication = false;
        this.selected = undefined;
        this.chipIdentifier = bigIntToBytes(pace.ephemeral!.publicKey.x, pace.curve.size);
        return reply(0x86, chipToken);
      }
      default:
        return fail();
    }
  }

  // ---------------------------------------------------------------------------------- CA

  private chipAuthenticate(command: CommandApdu): ResponseApdu {
    if (!this.caOid || !this.paceDone) return status(0x6985);
    const outer = readTlv(command.data ?? new Uint8Array(0), 0);
    const key = outer.tag === 0x7c ? findTlv(parseTlvList(outer.value), 0x80) : undefined;
    if (!key) return status(0x6a80);
    const curve = curves.brainpoolP256r1;
    const terminal = decodePoint(curve, key.value);
    const secret = sharedSecret(
      curve,
      this.options.personalisation.chipAuthenticationKey.privateKey,
      terminal,
    );
    const spec: CipherSpec = { family: 'aes', keyLength: 32 };
    this.pendingSm = new SecureMessaging('aes', kdf(secret, KDF_ENC, spec), kdf(secret, KDF_MAC, spec));
    this.caDone = true;
    this.caOid = undefined;
    this.terminalKeyComp = bigIntToBytes(terminal.x, curve.size);
    this.resetTa();
    return ok(encodeTlv(0x7c, new Uint8Array(0)));
  }

  // ---------------------------------------------------------------------------------- TA

  private verifyCertificate(command: CommandApdu): ResponseApdu {
    if (command.p1 !== 0x00 || command.p2 !== 0xbe) return status(0x6a86);
    const issuer = this.taKey;
    if (!issuer) return status(0x6985);
    const data = command.data ?? new Uint8Array(0);
    const certificate = parseCvCertificate(encodeTlv(0x7f21, data));
    if (certificate.car !== issuer.chr) return status(0x6a80);
    if (!ecdsaVerify(issuer.curve, issuer.point, issuer.hash, certificate.body, certificate.signature))
      return status(0x6300);
    if (certificate.expirationDate < this.currentDate) return status(0x6300);
    const order = { cvca: 3, 'dv-domestic': 2, 'dv-foreign': 2, is: 1 } as const;
    if (
      order[certificate.chat.role] >= order[issuer.role as keyof typeof order] &&
      certificate.chat.role !== 'cvca'
    )
      return status(0x6a80);
    if (certificate.chat.role === 'cvca' || certificate.chat.role === 'dv-domestic') {
      if (certificate.effectiveDate > this.currentDate) this.currentDate = certificate.effectiveDate;
    }
    const key = cvKeyOf(certificate, issuer.curve);
    const entry = {
      ...key,
      chr: certificate.chr,
      rights: certificate.chat.rights & issuer.rights,
      role: certificate.chat.role,
    };
    this.taVerified.push(entry);
    this.taKey = undefined;
    return ok();
  }

  private getChallenge(command: CommandApdu): ResponseApdu {
    const length = command.ne === 256 || !command.ne ? 8 : command.ne;
    if (length !== 8) return status(0x6700);
    const challenge = this.random(8);
    this.taChallenge = challenge;
    return ok(challenge);
  }

  private externalAuthenticate(command: CommandApdu): ResponseApdu {
    const is = this.taIs;
    const challenge = this.taChallenge;
    this.taChallenge = undefined;
    if (!is || !challenge || !this.chipIdentifier || !this.terminalKeyComp) return status(0x6985);
    const message = concatBytes(this.chipIdentifier, challenge, this.terminalKeyComp);
    if (!ecdsaVerify(is.curve, is.point, is.hash, message, command.data ?? new Uint8Array(0))) {
      this.resetTa();
      return status(0x6300);
    }
    this.taRights = is.rights;
    return ok();
  }
}
