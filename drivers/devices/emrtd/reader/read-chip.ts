/**
 * Reading a CNIe / eMRTD end to end for the agent (ICAO 9303-11 inspection procedure, chip.md §1.2):
 * EF.CardAccess → PACE with the CAN (or the MRZ; BAC when the chip has no PACE) → EF.SOD, EF.COM,
 * DG1, DG2, DG14, EF.CVCA, each hashed against the SOD as soon as read → Chip Authentication →
 * Terminal Authentication (injected `TerminalSigner`) → DG3 → passive authentication verdict.
 * Progress per step with French labels; a dropped secure-messaging session (6987/6988) redoes
 * access control (and CA/TA) and goes on; a removed card ends in a `ChipReadError` carrying the
 * state, and `readChip({ ..., resume: error.state })` goes on without re-reading verified files.
 */
import { createHash } from 'node:crypto';
import type { CardChannel } from '../../../core/transport';
import { CardService, ChipStatusError } from '../card/card-service';
import type { RandomSource } from '../crypto/ec';
import { type MrzKey, mrzCheckDigit, type PacePassword } from '../crypto/kdf';
import type { TerminalSigner } from '../cvc/terminal-signer';
import { parseCvcaFile } from '../lds/cvca';
import { parseDg1 } from '../lds/dg1';
import { type Dg2, parseDg2 } from '../lds/dg2';
import { type Dg3, parseDg3 } from '../lds/dg3';
import { cardAccessFile, dataGroupFile, ldsFiles } from '../lds/files';
import type { Mrz } from '../lds/mrz';
import { parseCardAccess, parseDg14, type SecurityInfo } from '../lds/security-infos';
import { parseSod } from '../lds/sod';
import { type PassiveAuthenticationVerdict, verifyPassiveAuthentication } from '../pa/passive-auth';
import type { TrustStore } from '../pa/trust-store';
import { AccessControlError } from '../protocols/access-error';
import { performBac } from '../protocols/bac';
import { chooseChipAuthentication, performChipAuthentication } from '../protocols/chip-auth';
import { choosePaceInfo, performPace } from '../protocols/pace';
import { performTerminalAuthentication } from '../protocols/terminal-auth';
import { SecureMessagingError } from '../sm/secure-messaging';
import { equalBytes } from '../tlv/asn1';
import { ChipReadError, messagesFr, toChipReadError } from './chip-errors';
import { type ChipReadState, emptyReadState } from './read-state';

export type ChipStep = 'pace' | 'read' | 'auth';

export const stepLabels: Record<ChipStep, string> = {
  pace: 'Accès PACE',
  read: 'Lecture des données',
  auth: 'Authentification',
};

export interface ChipProgress {
  step: ChipStep;
  /** French label of the step. */
  label: string;
  /** Overall progress 0..1. */
  fraction: number;
  /** What is happening (file name, protocol). */
  detail?: string;
}

export interface ReadChipOptions {
  channel: CardChannel;
  /** The 6 digits printed on the card. */
  can?: string;
  /** Alternative password (and BAC key for chips without PACE). */
  mrz?: MrzKey;
  trustStore?: TrustStore;
  /** IS credentials for Terminal Authentication; without it DG3 is not read. */
  signer?: TerminalSigner;
  onProgress?: (progress: ChipProgress) => void;
  /** State of an interrupted read (`ChipReadError.state`). */
  resume?: ChipReadState;
  /** Read DG3 (default: when a signer is given). */
  readFingerprints?: boolean;
  /** Largest READ BINARY block (223 short APDUs; more with extended length). */
  maxBlock?: number;
  random?: RandomSource;
  /** Verification date (certificates). */
  now?: Date;
}

export interface ChipStepResult {
  name: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

export interface ChipReadResult {
  accessControl: 'PACE' | 'BAC';
  paceProtocol?: string;
  chipAuthentication: { performed: boolean; ok: boolean; protocol?: string };
  terminalAuthentication: {
    performed: boolean;
    ok: boolean;
    isCertificate?: string;
    rights?: number;
    reason?: string;
  };
  files: Record<string, Uint8Array>;
  dg1?: Mrz;
  dg2?: Dg2;
  dg3?: Dg3;
  dg14?: SecurityInfo[];
  passiveAuthentication: PassiveAuthenticationVerdict;
  /** Every check of the read with its outcome (French messages in passiveAuthentication.checks). */
  verdict: { ok: boolean; checks: { name: string; ok: boolean; message: string }[] };
  steps: ChipStepResult[];
  stats: {
    apdus: number;
    bytesOut: number;
    bytesIn: number;
    sizes: { out: number; in: number }[];
    resumes: number;
    sessionRestarts: number;
  };
}

const MAX_SESSION_RESTARTS = 3;

interface Session {
  card: CardService;
  password: PacePassword;
  chipIdentifier?: Uint8Array;
  caDone: boolean;
  taDone: boolean;
}

export async function readChip(options: ReadChipOptions): Promise<ChipReadResult> {
  const state: ChipReadState = options.resume
    ? {
        files: { ...options.resume.files },
        verified: [...options.resume.verified],
        resumes: options.resume.resumes + 1,
      }
    : emptyReadState();
  const usingMrz = !options.can && !!options.mrz;
  try {
    return await runRead(options, state);
  } catch (error) {
    throw toChipReadError(error, state, usingMrz);
  }
}

function runRead(options: ReadChipOptions, state: ChipReadState): Promise<ChipReadResult> {
  return new ChipRead(options, state, passwordOf(options, state)).run();
}

/** The access-control password: the CAN (6 digits) or the MRZ; refused in French without one. */
function passwordOf(options: ReadChipOptions, state: ChipReadState): PacePassword {
  if (options.can !== undefined && !/^\d{6}$/.test(options.can))
    throw new ChipReadError('operator', 'CHIP_CAN_FORMAT', 'Le CAN est composé de 6 chiffres.', state);
  if (options.can) return { kind: 'can', can: options.can };
  if (options.mrz) return { kind: 'mrz', mrz: options.mrz };
  throw new ChipReadError(
    'operator',
    'CHIP_NO_PASSWORD',
    'Saisissez le CAN (6 chiffres imprimés sur la carte).',
    state,
  );
}

/** The Chip Authentication choice once DG14 is read (and whether DG14 matched the SOD). */
interface EacPlan {
  dg14Infos?: SecurityInfo[];
  caChoice?: ReturnType<typeof chooseChipAuthentication>;
  dg14Verified: boolean;
}

/**
 * One read, as named steps over the state they share: access control, the SOD and the files it
 * lists (each checked against it), EAC (Chip then Terminal Authentication), DG3, and the verdict.
 */
class ChipRead {
  private readonly card: CardService;
  private readonly steps: ChipStepResult[] = [];
  private readonly wantDg3: boolean;
  private readonly session: Session;
  private accessControl: 'PACE' | 'BAC' = 'PACE';
  private paceProtocol: string | undefined;
  private sessionRestarts = 0;
  private eacPlan: EacPlan = { dg14Verified: false };
  private caResult: ChipReadResult['chipAuthentication'] = { performed: false, ok: false };
  private taResult: ChipReadResult['terminalAuthentication'] = { performed: false, ok: false };
  private terminalKeyComp: Uint8Array | undefined;

  constructor(
    private readonly options: ReadChipOptions,
    private readonly state: ChipReadState,
    password: PacePassword,
  ) {
    this.card = new CardService(options.channel, { maxBlock: options.maxBlock });
    this.wantDg3 = options.readFingerprints ?? options.signer !== undefined;
    this.session = { card: this.card, password, caDone: false, taDone: false };
  }

  async run(): Promise<ChipReadResult> {
    await this.establish();
    const sodBytes = await this.readSod();
    await this.readListedFiles(sodBytes);
    await this.authenticate(sodBytes);
    const result = this.result(sodBytes);
    this.progress('auth', 1, 'Terminé');
    return result;
  }

  private progress(step: ChipStep, fraction: number, detail?: string): void {
    this.options.onProgress?.({ step, label: stepLabels[step], fraction: Math.min(1, fraction), detail });
  }

  /** Runs one protocol step, recording its name, outcome and duration. */
  private async timed<T>(
    name: string,
    run: () => Promise<T>,
    detail?: (t: T) => string | undefined,
  ): Promise<T> {
    const start = performance.now();
    try {
      const value = await run();
      this.steps.push({ name, ok: true, ms: performance.now() - start, detail: detail?.(value) });
      return value;
    } catch (error) {
      this.steps.push({ name, ok: false, ms: performance.now() - start, detail: (error as Error).message });
      throw error;
    }
  }

  // ------------------------------------------------------------------ access control

  /** EF.CardAccess, then PACE (or BAC with the MRZ), then the eMRTD application. */
  private async establish(): Promise<void> {
    this.progress('pace', 0.02, 'EF.CardAccess');
    const infos = await this.readCardAccess();
    const paceInfo = choosePaceInfo(infos);
    if (paceInfo) await this.pace(paceInfo);
    else if (this.options.mrz) await this.bac(this.options.mrz);
    else if (infos.length === 0)
      throw new AccessControlError('UNSUPPORTED', 'no EF.CardAccess and no MRZ for BAC');
    else throw new AccessControlError('UNSUPPORTED', 'no supported PACE protocol');
    try {
      await this.card.selectApplication();
    } catch (error) {
      if (error instanceof ChipStatusError)
        throw new AccessControlError('UNSUPPORTED', 'no eMRTD application', { sw: error.sw });
      throw error;
    }
    this.session.caDone = false;
    this.session.taDone = false;
    this.progress('pace', 0.12);
  }

  /** The PACE infos of EF.CardAccess (none when the chip has no such file: a BAC chip). */
  private async readCardAccess(): Promise<SecurityInfo[]> {
    try {
      this.card.setSecureMessaging(undefined);
      return parseCardAccess(await this.card.readFile(cardAccessFile.fid));
    } catch (error) {
      if (!(error instanceof ChipStatusError)) throw error;
      return [];
    }
  }

  private async pace(paceInfo: NonNullable<ReturnType<typeof choosePaceInfo>>): Promise<void> {
    this.progress('pace', 0.05, paceInfo.oid);
    const result = await this.timed(
      'PACE',
      () =>
        performPace(this.card, { password: this.session.password, paceInfo, random: this.options.random }),
      (r) => r.paceInfo.oid,
    );
    this.session.chipIdentifier = result.chipIdentifier;
    this.accessControl = 'PACE';
    this.paceProtocol = result.paceInfo.oid;
  }

  private async bac(mrz: MrzKey): Promise<void> {
    await this.timed('BAC', () => performBac(this.card, mrz, this.options.random));
    this.accessControl = 'BAC';
    const number = mrz.documentNumber.padEnd(9, '<');
    this.session.chipIdentifier = new TextEncoder().encode(number + mrzCheckDigit(number));
  }

  /** Runs `work`; when the chip drops the secure session, redoes access control and retries. */
  private async withSession<T>(work: () => Promise<T>, needsEac: boolean): Promise<T> {
    for (;;) {
      try {
        if (needsEac && !this.session.taDone) await this.eac();
        return await work();
      } catch (error) {
        const lost =
          error instanceof SecureMessagingError &&
          (error.code === 'SESSION_LOST' || error.code === 'BAD_MAC');
        if (!lost || this.sessionRestarts >= MAX_SESSION_RESTARTS) throw error;
        this.sessionRestarts += 1;
        await this.establish();
      }
    }
  }

  // ------------------------------------------------------------------ files

  /** Reads a file unless already verified, and marks it verified when its hash matches the SOD. */
  private async readAndCheck(name: string, fid: number, fraction: number): Promise<Uint8Array> {
    const { state } = this;
    if (state.verified.includes(name)) return state.files[name]!;
    this.progress('read', fraction, name);
    const bytes = await this.timed(
      `READ ${name}`,
      () => this.card.readFile(fid),
      (b) => `${b.length} octets`,
    );
    state.files[name] = bytes;
    const dg = ldsFiles.find((f) => f.name === name)?.dg;
    if (dg === undefined) state.verified.push(name);
    else if (state.files.SOD && matchesSod(state.files.SOD, dg, bytes)) state.verified.push(name);
    return bytes;
  }

  /** The SOD first: it is the yardstick of every other file, and tells a returning card apart. */
  private async readSod(): Promise<Uint8Array> {
    const { state } = this;
    const sodBytes = await this.withSession(
      () =>
        this.timed(
          'READ SOD',
          () => this.card.readFile(0x011d),
          (b) => `${b.length} octets`,
        ),
      false,
    );
    if (state.files.SOD && !equalBytes(state.files.SOD, sodBytes)) {
      // Another card: start over.
      state.files = {};
      state.verified = [];
    }
    state.files.SOD = sodBytes;
    if (!state.verified.includes('SOD')) state.verified.push('SOD');
    return sodBytes;
  }

  /** EF.COM, then DG1, DG2 and DG14 when the SOD lists them; then what EAC can rely on. */
  private async readListedFiles(sodBytes: Uint8Array): Promise<void> {
    const listed = listedDataGroups(sodBytes);
    await this.withSession(() => this.readAndCheck('COM', 0x011e, 0.2), false);
    const plan: [string, number][] = [
      ['DG1', 0.3],
      ['DG2', 0.45],
      ['DG14', 0.55],
    ];
    for (const [name, fraction] of plan) {
      const dg = Number(name.slice(2));
      if (!listed.includes(dg)) continue;
      await this.withSession(() => this.readAndCheck(name, dataGroupFile(dg).fid, fraction), false);
    }
    const dg14Infos = this.state.files.DG14 ? parseDg14(this.state.files.DG14) : undefined;
    this.eacPlan = {
      dg14Infos,
      caChoice: dg14Infos ? chooseChipAuthentication(dg14Infos) : undefined,
      dg14Verified: this.state.verified.includes('DG14'),
    };
  }

  // ------------------------------------------------------------------ EAC

  /** DG3 behind EAC when wanted and not read yet; otherwise Chip Authentication alone, when possible. */
  private async authenticate(sodBytes: Uint8Array): Promise<void> {
    const { caChoice, dg14Verified } = this.eacPlan;
    if (this.wantDg3 && listedDataGroups(sodBytes).includes(3) && !this.state.verified.includes('DG3')) {
      if (!this.options.signer)
        this.taResult = { performed: false, ok: false, reason: 'no terminal credentials' };
      else {
        await this.withSession(() => this.readAndCheck('CVCA', 0x011c, 0.58), false);
        await this.withSession(async () => {
          await this.readAndCheck('DG3', 0x0103, 0.8);
        }, true);
      }
    } else if (caChoice && dg14Verified) {
      // Chip Authentication still proves the chip genuine when DG3 is not needed (or already read).
      await this.withSession(async () => {
        if (!this.session.caDone) await this.eac();
      }, false);
    }
  }

  private async eac(): Promise<void> {
    const { caChoice, dg14Verified } = this.eacPlan;
    if (!caChoice) throw new AccessControlError('UNSUPPORTED', 'no Chip Authentication key in DG14');
    if (!dg14Verified) throw new AccessControlError('AUTHENTICATION_FAILED', 'DG14 does not match the SOD');
    if (!this.session.caDone) await this.chipAuthentication(caChoice);
    if (this.wantDg3 && this.options.signer && !this.session.taDone)
      await this.terminalAuthentication(this.options.signer);
  }

  private async chipAuthentication(caChoice: NonNullable<EacPlan['caChoice']>): Promise<void> {
    this.progress('auth', 0.62, 'Chip Authentication');
    const ca = await this.timed(
      'CA',
      () => performChipAuthentication(this.card, caChoice, this.options.random),
      (r) => r.info.oid,
    );
    // The chip proves itself by answering the next command under the new keys.
    await this.card.selectApplication();
    this.terminalKeyComp = ca.terminalKeyComp;
    this.session.caDone = true;
    this.caResult = { performed: true, ok: true, protocol: ca.info.oid };
  }

  private async terminalAuthentication(signer: TerminalSigner): Promise<void> {
    this.progress('auth', 0.7, 'Terminal Authentication');
    const cvca = this.state.files.CVCA ? parseCvcaFile(this.state.files.CVCA) : [];
    const ta = await this.timed('TA', () =>
      performTerminalAuthentication(this.card, {
        signer,
        chipIdentifier: this.session.chipIdentifier!,
        terminalKeyComp: this.terminalKeyComp!,
        trustPoints: cvca,
        today: this.options.now,
      }),
    );
    this.session.taDone = true;
    this.taResult = { performed: true, ok: true, isCertificate: ta.isCertificate.chr, rights: ta.rights };
    if ((ta.rights & 0x01) === 0)
      throw new ChipReadError('fatal', 'CHIP_NO_FINGER_RIGHTS', messagesFr.noFingerRights, this.state);
  }

  // ------------------------------------------------------------------ verdict

  private result(sodBytes: Uint8Array): ChipReadResult {
    const { state } = this;
    this.progress('auth', 0.92, 'Authentification passive');
    const pa = verifyPassiveAuthentication({
      sod: sodBytes,
      dataGroups: dataGroupsOf(state.files),
      trustStore: this.options.trustStore,
      at: this.options.now,
    });
    const checks = this.checks(pa);
    return {
      accessControl: this.accessControl,
      paceProtocol: this.paceProtocol,
      chipAuthentication: this.caResult,
      terminalAuthentication: this.taResult,
      files: { ...state.files },
      dg1: state.files.DG1 ? parseDg1(state.files.DG1) : undefined,
      dg2: state.files.DG2 ? parseDg2(state.files.DG2) : undefined,
      dg3: state.files.DG3 ? parseDg3(state.files.DG3) : undefined,
      dg14: this.eacPlan.dg14Infos,
      passiveAuthentication: pa,
      verdict: { ok: checks.every((c) => c.ok), checks },
      steps: this.steps,
      stats: { ...this.card.stats, resumes: state.resumes, sessionRestarts: this.sessionRestarts },
    };
  }

  /** Every check of the read: access control, passive authentication, then CA and TA when they apply. */
  private checks(pa: PassiveAuthenticationVerdict): ChipReadResult['verdict']['checks'] {
    const dg3Read = this.state.verified.includes('DG3');
    const checks: ChipReadResult['verdict']['checks'] = [
      {
        name: 'access-control',
        ok: true,
        message: this.accessControl === 'PACE' ? 'Accès PACE établi' : 'Accès BAC établi',
      },
      ...pa.checks.map((c) => ({ name: c.dg ? `${c.id}:DG${c.dg}` : c.id, ok: c.ok, message: c.message })),
    ];
    if (this.eacPlan.caChoice)
      checks.push({
        name: 'chip-authentication',
        ok: this.caResult.ok,
        message: this.caResult.ok
          ? 'Puce authentique (Chip Authentication)'
          : 'Authentification de la puce non effectuée',
      });
    if (this.wantDg3)
      checks.push({
        name: 'terminal-authentication',
        ok: this.taResult.ok || dg3Read,
        message: this.taResult.ok
          ? 'Poste authentifié auprès de la puce (Terminal Authentication)'
          : dg3Read
            ? 'Empreintes déjà lues'
            : 'Accès aux empreintes non obtenu',
      });
    return checks;
  }
}

/** Whether `bytes` hash to what the SOD lists for data group `dg`. */
function matchesSod(sod: Uint8Array, dg: number, bytes: Uint8Array): boolean {
  const so = parseSod(sod).securityObject;
  const expected = so.dataGroupHashes.get(dg);
  return (
    expected !== undefined &&
    !!so.hashName &&
    equalBytes(new Uint8Array(createHash(so.hashName).update(bytes).digest()), expected)
  );
}

const listedDataGroups = (sodBytes: Uint8Array) => [
  ...parseSod(sodBytes).securityObject.dataGroupHashes.keys(),
];

/** The data groups read, by number. */
function dataGroupsOf(files: Record<string, Uint8Array>): Map<number, Uint8Array> {
  const dataGroups = new Map<number, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) {
    const m = /^DG(\d+)$/.exec(name);
    if (m) dataGroups.set(Number(m[1]), bytes);
  }
  return dataGroups;
}
