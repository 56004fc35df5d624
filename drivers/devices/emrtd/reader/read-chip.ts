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
  password: PacePassword | undefined;
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

async function runRead(options: ReadChipOptions, state: ChipReadState): Promise<ChipReadResult> {
  const card = new CardService(options.channel, { maxBlock: options.maxBlock });
  const steps: ChipStepResult[] = [];
  const wantDg3 = options.readFingerprints ?? options.signer !== undefined;
  const progress = (step: ChipStep, fraction: number, detail?: string) =>
    options.onProgress?.({ step, label: stepLabels[step], fraction: Math.min(1, fraction), detail });
  const timed = async <T>(
    name: string,
    run: () => Promise<T>,
    detail?: (t: T) => string | undefined,
  ): Promise<T> => {
    const start = performance.now();
    try {
      const value = await run();
      steps.push({ name, ok: true, ms: performance.now() - start, detail: detail?.(value) });
      return value;
    } catch (error) {
      steps.push({ name, ok: false, ms: performance.now() - start, detail: (error as Error).message });
      throw error;
    }
  };
  const password: PacePassword | undefined = options.can
    ? { kind: 'can', can: options.can }
    : options.mrz
      ? { kind: 'mrz', mrz: options.mrz }
      : undefined;
  if (options.can !== undefined && !/^\d{6}$/.test(options.can))
    throw new ChipReadError('operator', 'CHIP_CAN_FORMAT', 'Le CAN est composé de 6 chiffres.', state);
  if (!password)
    throw new ChipReadError(
      'operator',
      'CHIP_NO_PASSWORD',
      'Saisissez le CAN (6 chiffres imprimés sur la carte).',
      state,
    );
  const session: Session = { card, password, caDone: false, taDone: false };
  let accessControl: 'PACE' | 'BAC' = 'PACE';
  let paceProtocol: string | undefined;
  let sessionRestarts = 0;

  // ------------------------------------------------------------------ access control
  const establish = async () => {
    progress('pace', 0.02, 'EF.CardAccess');
    let infos: SecurityInfo[] = [];
    try {
      card.setSecureMessaging(undefined);
      const raw = await card.readFile(cardAccessFile.fid);
      infos = parseCardAccess(raw);
    } catch (error) {
      if (!(error instanceof ChipStatusError)) throw error;
    }
    const paceInfo = choosePaceInfo(infos);
    if (paceInfo) {
      progress('pace', 0.05, paceInfo.oid);
      const result = await timed(
        'PACE',
        () => performPace(card, { password, paceInfo, random: options.random }),
        (r) => r.paceInfo.oid,
      );
      session.chipIdentifier = result.chipIdentifier;
      accessControl = 'PACE';
      paceProtocol = result.paceInfo.oid;
    } else if (options.mrz) {
      await timed('BAC', () => performBac(card, options.mrz!, options.random));
      accessControl = 'BAC';
      const number = options.mrz.documentNumber.padEnd(9, '<');
      session.chipIdentifier = new TextEncoder().encode(number + mrzCheckDigit(number));
    } else if (infos.length === 0) {
      throw new AccessControlError('UNSUPPORTED', 'no EF.CardAccess and no MRZ for BAC');
    } else throw new AccessControlError('UNSUPPORTED', 'no supported PACE protocol');
    try {
      await card.selectApplication();
    } catch (error) {
      if (error instanceof ChipStatusError)
        throw new AccessControlError('UNSUPPORTED', 'no eMRTD application', { sw: error.sw });
      throw error;
    }
    session.caDone = false;
    session.taDone = false;
    progress('pace', 0.12);
  };

  /** Runs `work`; when the chip drops the secure session, redoes access control and retries. */
  const withSession = async <T>(work: () => Promise<T>, needsEac: boolean): Promise<T> => {
    for (;;) {
      try {
        if (needsEac && !session.taDone) await eac();
        return await work();
      } catch (error) {
        const lost =
          error instanceof SecureMessagingError &&
          (error.code === 'SESSION_LOST' || error.code === 'BAD_MAC');
        if (!lost || sessionRestarts >= MAX_SESSION_RESTARTS) throw error;
        sessionRestarts += 1;
        await establish();
      }
    }
  };

  // ------------------------------------------------------------------ files
  const readAndCheck = async (name: string, fid: number, fraction: number) => {
    if (state.verified.includes(name)) return state.files[name]!;
    progress('read', fraction, name);
    const bytes = await timed(
      `READ ${name}`,
      () => card.readFile(fid),
      (b) => `${b.length} octets`,
    );
    state.files[name] = bytes;
    const sod = state.files.SOD;
    const dg = ldsFiles.find((f) => f.name === name)?.dg;
    if (dg === undefined) state.verified.push(name);
    else if (sod) {
      const so = parseSod(sod).securityObject;
      const expected = so.dataGroupHashes.get(dg);
      if (
        expected &&
        so.hashName &&
        equalBytes(new Uint8Array(createHash(so.hashName).update(bytes).digest()), expected)
      )
        state.verified.push(name);
    }
    return bytes;
  };

  await establish();

  // The SOD first: it is the yardstick of every other file, and tells a returning card apart.
  const sodBytes = await withSession(
    () =>
      timed(
        'READ SOD',
        () => card.readFile(0x011d),
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
  const sod = parseSod(sodBytes);
  const listed = [...sod.securityObject.dataGroupHashes.keys()];

  await withSession(() => readAndCheck('COM', 0x011e, 0.2), false);
  const plan: [string, number][] = [
    ['DG1', 0.3],
    ['DG2', 0.45],
    ['DG14', 0.55],
  ];
  for (const [name, fraction] of plan) {
    const dg = Number(name.slice(2));
    if (!listed.includes(dg)) continue;
    await withSession(() => readAndCheck(name, dataGroupFile(dg).fid, fraction), false);
  }

  // ------------------------------------------------------------------ EAC
  const dg14Infos = state.files.DG14 ? parseDg14(state.files.DG14) : undefined;
  const caChoice = dg14Infos ? chooseChipAuthentication(dg14Infos) : undefined;
  const dg14Verified = state.verified.includes('DG14');
  let caResult: { ok: boolean; protocol?: string; performed: boolean } = { performed: false, ok: false };
  let taResult: ChipReadResult['terminalAuthentication'] = { performed: false, ok: false };
  let terminalKeyComp: Uint8Array | undefined;

  async function eac(): Promise<void> {
    if (!caChoice) throw new AccessControlError('UNSUPPORTED', 'no Chip Authentication key in DG14');
    if (!dg14Verified) throw new AccessControlError('AUTHENTICATION_FAILED', 'DG14 does not match the SOD');
    if (!session.caDone) {
      progress('auth', 0.62, 'Chip Authentication');
      const ca = await timed(
        'CA',
        () => performChipAuthentication(card, caChoice, options.random),
        (r) => r.info.oid,
      );
      // The chip proves itself by answering the next command under the new keys.
      await card.selectApplication();
      terminalKeyComp = ca.terminalKeyComp;
      session.caDone = true;
      caResult = { performed: true, ok: true, protocol: ca.info.oid };
    }
    if (wantDg3 && options.signer && !session.taDone) {
      progress('auth', 0.7, 'Terminal Authentication');
      const cvca = state.files.CVCA ? parseCvcaFile(state.files.CVCA) : [];
      const ta = await timed('TA', () =>
        performTerminalAuthentication(card, {
          signer: options.signer!,
          chipIdentifier: session.chipIdentifier!,
          terminalKeyComp: terminalKeyComp!,
          trustPoints: cvca,
          today: options.now,
        }),
      );
      session.taDone = true;
      taResult = { performed: true, ok: true, isCertificate: ta.isCertificate.chr, rights: ta.rights };
      if ((ta.rights & 0x01) === 0)
        throw new ChipReadError('fatal', 'CHIP_NO_FINGER_RIGHTS', messagesFr.noFingerRights, state);
    }
  }

  if (wantDg3 && listed.includes(3) && !state.verified.includes('DG3')) {
    if (!options.signer) taResult = { performed: false, ok: false, reason: 'no terminal credentials' };
    else {
      await withSession(() => readAndCheck('CVCA', 0x011c, 0.58), false);
      await withSession(async () => {
        await readAndCheck('DG3', 0x0103, 0.8);
      }, true);
    }
  } else if (caChoice && dg14Verified) {
    // Chip Authentication still proves the chip genuine when DG3 is not needed (or already read).
    await withSession(async () => {
      if (!session.caDone) await eac();
    }, false);
  }

  // ------------------------------------------------------------------ verdict
  progress('auth', 0.92, 'Authentification passive');
  const dataGroups = new Map<number, Uint8Array>();
  for (const [name, bytes] of Object.entries(state.files)) {
    const m = /^DG(\d+)$/.exec(name);
    if (m) dataGroups.set(Number(m[1]), bytes);
  }
  const pa = verifyPassiveAuthentication({
    sod: sodBytes,
    dataGroups,
    trustStore: options.trustStore,
    at: options.now,
  });
  const checks: ChipReadResult['verdict']['checks'] = [
    {
      name: 'access-control',
      ok: true,
      message: accessControl === 'PACE' ? 'Accès PACE établi' : 'Accès BAC établi',
    },
    ...pa.checks.map((c) => ({ name: c.dg ? `${c.id}:DG${c.dg}` : c.id, ok: c.ok, message: c.message })),
  ];
  if (caChoice)
    checks.push({
      name: 'chip-authentication',
      ok: caResult.ok,
      message: caResult.ok
        ? 'Puce authentique (Chip Authentication)'
        : 'Authentification de la puce non effectuée',
    });
  if (wantDg3)
    checks.push({
      name: 'terminal-authentication',
      ok: taResult.ok || state.verified.includes('DG3'),
      message: taResult.ok
        ? 'Poste authentifié auprès de la puce (Terminal Authentication)'
        : state.verified.includes('DG3')
          ? 'Empreintes déjà lues'
          : 'Accès aux empreintes non obtenu',
    });
  const result: ChipReadResult = {
    accessControl,
    paceProtocol,
    chipAuthentication: caResult,
    terminalAuthentication: taResult,
    files: { ...state.files },
    dg1: state.files.DG1 ? parseDg1(state.files.DG1) : undefined,
    dg2: state.files.DG2 ? parseDg2(state.files.DG2) : undefined,
    dg3: state.files.DG3 ? parseDg3(state.files.DG3) : undefined,
    dg14: dg14Infos,
    passiveAuthentication: pa,
    verdict: { ok: checks.every((c) => c.ok), checks },
    steps,
    stats: { ...card.stats, resumes: state.resumes, sessionRestarts },
  };
  progress('auth', 1, 'Terminé');
  return result;
}
