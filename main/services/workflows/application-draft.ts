/**
 * The application draft model: what an application in progress holds (identity fields, portrait,
 * finger slots and their attempts, signature) and its transitions, as pure functions that return a
 * new draft. It owns the capture rules: an override needs a reason, at most `maxAttempts` per
 * finger and then the best one is kept, a fallback finger after a missing one, no finger under the
 * legal age, and what is still missing before submission. It knows no host, timer or vault: the
 * handlers (application.ts) call the devices, the draft slot (draft-slot.ts) keeps it.
 */
import type { FingerPosition } from '../../../common/domain';
import { StationError } from '../../../common/errors';
import type {
  ApplicantIdentity,
  ApplicationReview,
  CheckOutcome,
  DraftCounterChecks,
  ApplicationDraft as DraftView,
  FingerSlot,
  PortraitOverrideReason,
  TitleType,
} from '../../contract/application';
import { type DossierPart, dossierParts, type SignatureSection } from './dossier-parts';
import { ageInYears, fingerLabel, initialSlots, withFallback } from './finger-plan';

export interface Attempt {
  quality: number;
  png: string;
}

export interface DraftPortrait {
  jpegBase64: string;
  compliant: boolean;
  failedCriteria: string[];
  overrideReason?: PortraitOverrideReason;
  /** Where it came from (absent in drafts saved before: live). */
  intake?: PortraitIntake;
}

/** The three portrait intakes (issue 18 D) and, for an e-photo, its code and provider. */
export type PortraitIntake =
  | { kind: 'live' }
  | { kind: 'scan' }
  | { kind: 'ephoto'; ephotoCode: string; provider: string };

export interface DraftSignature extends SignatureSection {
  svg: string;
  points: number;
  strokeCount: number;
}

export interface Draft {
  id: string;
  agentId: string;
  titleType: TitleType;
  preApplicationNumber?: string;
  applicant: ApplicantIdentity;
  startedAt: Date;
  expiresAt: Date;
  portrait?: DraftPortrait;
  slots: FingerSlot[];
  attempts: ReadonlyMap<FingerPosition, readonly Attempt[]>;
  fingerprintsRequired: boolean;
  signature?: DraftSignature;
  /** The counter checks of the identity step (pre-application, appointments, proof, stamp). */
  counterChecks?: DraftCounterChecks;
}

export interface DraftRules {
  /** How long a draft is kept (ms) before it is purged. */
  retentionMs: number;
  /** Fingerprints are taken from this age on (years). */
  fingerprintMinAgeYears: number;
}

export interface FingerRules {
  minQuality: number;
  maxAttempts: number;
}

export function startDraft(
  input: {
    id: string;
    agentId: string;
    titleType: TitleType;
    preApplicationNumber?: string;
    applicant: ApplicantIdentity;
    counterChecks?: DraftCounterChecks;
  },
  rules: DraftRules,
  now: Date,
): Draft {
  const age = ageInYears(input.applicant.birthDate, now);
  if (age < 0) throw new StationError('INVALID_REQUEST', 'La date de naissance est dans le futur.');
  const required = age >= rules.fingerprintMinAgeYears;
  return {
    id: input.id,
    agentId: input.agentId,
    titleType: input.titleType,
    ...(input.preApplicationNumber ? { preApplicationNumber: input.preApplicationNumber } : {}),
    applicant: input.applicant,
    ...(input.counterChecks ? { counterChecks: input.counterChecks } : {}),
    startedAt: now,
    expiresAt: new Date(now.getTime() + rules.retentionMs),
    slots: initialSlots(required),
    attempts: new Map(),
    fingerprintsRequired: required,
  };
}

/**
 * The portrait after its full-resolution analysis. A non-compliant portrait is kept as such (the
 * draft stays incomplete) unless the agent gave an override reason, which is recorded.
 */
export function withPortrait(
  draft: Draft,
  portrait: { jpegBase64: string; compliant: boolean; failedCriteria: string[]; intake?: PortraitIntake },
  overrideReason?: PortraitOverrideReason,
): Draft {
  const overridden = !portrait.compliant && overrideReason !== undefined;
  return { ...draft, portrait: { ...portrait, ...(overridden ? { overrideReason } : {}) } };
}

const best = (attempts: readonly Attempt[]) =>
  attempts.reduce<Attempt | undefined>((b, a) => (!b || a.quality > b.quality ? a : b), undefined);

function requestedSlot(draft: Draft, finger: FingerPosition): FingerSlot {
  const slot = draft.slots.find((s) => s.finger === finger);
  if (!slot)
    throw new StationError('INVALID_REQUEST', `Le doigt « ${fingerLabel(finger)} » n’est pas demandé.`);
  return slot;
}

/** Throws, in French, when `finger` may not be captured now (not asked, declared absent, attempts used). */
export function checkFingerCapturable(draft: Draft, finger: FingerPosition, maxAttempts: number): void {
  const slot = requestedSlot(draft, finger);
  if (slot.status === 'missing' || slot.status === 'unusable')
    throw new StationError('CONFLICT', `Le doigt « ${fingerLabel(finger)} » est déclaré absent.`);
  if (slot.attempts >= maxAttempts)
    throw new StationError(
      'CONFLICT',
      `Les ${maxAttempts} essais de ce doigt sont faits : la meilleure empreinte est retenue.`,
    );
}

export interface AttemptOutcome {
  attempt: number;
  accepted: boolean;
  bestQuality: number;
  feedback: string;
}

/**
 * One more attempt on `finger`: accepted at `minQuality`; after `maxAttempts` the best attempt is
 * kept. Returns the new draft and what to tell the agent.
 */
export function withFingerAttempt(
  draft: Draft,
  finger: FingerPosition,
  capture: { quality: number; pngBase64: string; feedback: string },
  rules: FingerRules,
): { draft: Draft; outcome: AttemptOutcome } {
  checkFingerCapturable(draft, finger, rules.maxAttempts);
  const attempts = [
    ...(draft.attempts.get(finger) ?? []),
    { quality: capture.quality, png: capture.pngBase64 },
  ];
  const accepted = capture.quality >= rules.minQuality;
  const attempt = attempts.length;
  const bestQuality = best(attempts)?.quality ?? capture.quality;
  const done = accepted || attempt >= rules.maxAttempts;
  const slots = draft.slots.map((s) =>
    s.finger === finger ? { ...s, attempts: attempt, bestQuality, status: done ? 'captured' : 'pending' } : s,
  ) as FingerSlot[];
  const feedback = accepted
    ? `Empreinte retenue (qualité ${capture.quality}/100).`
    : attempt >= rules.maxAttempts
      ? `Qualité insuffisante après ${rules.maxAttempts} essais : la meilleure empreinte (qualité ${bestQuality}/100) est retenue.`
      : `Qualité insuffisante (${capture.quality}/100) : ${capture.feedback} Essai ${attempt} sur ${rules.maxAttempts}.`;
  return {
    draft: { ...draft, slots, attempts: new Map(draft.attempts).set(finger, attempts) },
    outcome: { attempt, accepted, bestQuality, feedback },
  };
}

/** `finger` declared missing or unusable: its attempts are dropped and a fallback finger is asked for. */
export function withFingerMarked(
  draft: Draft,
  finger: FingerPosition,
  status: 'missing' | 'unusable',
  reason: string,
): Draft {
  requestedSlot(draft, finger);
  const attempts = new Map(draft.attempts);
  attempts.delete(finger);
  const marked = draft.slots.map((s) =>
    s.finger === finger ? { finger, status, attempts: s.attempts, reason } : s,
  );
  return { ...draft, attempts, slots: withFallback(marked, finger) };
}

export function withSignature(
  draft: Draft,
  signature: {
    width: number;
    height: number;
    strokes: DraftSignature['strokes']['strokes'];
    svg: string;
    pngBase64: string;
  },
): Draft {
  return {
    ...draft,
    signature: {
      strokes: { width: signature.width, height: signature.height, strokes: signature.strokes },
      pngBase64: signature.pngBase64,
      svg: signature.svg,
      points: signature.strokes.reduce((n, s) => n + s.points.length, 0),
      strokeCount: signature.strokes.length,
    },
  };
}

/** What is still to do before submission, in the agent's words (empty when complete). */
export function missingSteps(draft: Draft): string[] {
  const missing: string[] = [];
  if (!draft.portrait) missing.push('Photo d’identité');
  else if (!draft.portrait.compliant && !draft.portrait.overrideReason)
    missing.push('Photo non conforme : reprendre la photo ou la retenir avec un motif');
  for (const slot of draft.slots) {
    if (slot.status === 'pending') missing.push(`Empreinte : ${fingerLabel(slot.finger)}`);
  }
  if (!draft.signature) missing.push('Signature');
  return missing;
}

/** The best attempt of each captured finger, in slot order. */
export function chosenFingers(draft: Draft): { finger: FingerPosition; quality: number; png: string }[] {
  return draft.slots.flatMap((slot) => {
    const chosen = best(draft.attempts.get(slot.finger) ?? []);
    return slot.status === 'captured' && chosen ? [{ finger: slot.finger, ...chosen }] : [];
  });
}

/** The draft as the renderer sees it (no image). */
export function draftView(draft: Draft): DraftView {
  const { portrait, signature } = draft;
  return {
    id: draft.id,
    titleType: draft.titleType,
    ...(draft.preApplicationNumber ? { preApplicationNumber: draft.preApplicationNumber } : {}),
    applicant: draft.applicant,
    startedAt: draft.startedAt.toISOString(),
    expiresAt: draft.expiresAt.toISOString(),
    portrait: portrait
      ? {
          compliant: portrait.compliant,
          failedCriteria: portrait.failedCriteria,
          captured: true,
          intake: portrait.intake?.kind ?? 'live',
          ...(portrait.overrideReason ? { overrideReason: portrait.overrideReason } : {}),
        }
      : null,
    fingerprints: { required: draft.fingerprintsRequired, slots: draft.slots },
    signature: signature ? { points: signature.points, strokes: signature.strokeCount } : null,
    ...(draft.counterChecks ? { counterChecks: draft.counterChecks } : {}),
    missing: missingSteps(draft),
  };
}

/** Everything captured, images included, for the agent's review with the applicant. */
export function draftReview(draft: Draft): ApplicationReview {
  return {
    draft: draftView(draft),
    portraitJpegBase64: draft.portrait?.jpegBase64 ?? null,
    fingers: chosenFingers(draft).map((f) => ({ finger: f.finger, quality: f.quality, pngBase64: f.png })),
    signatureSvg: draft.signature?.svg ?? null,
  };
}

/** The application dossier's parts; refused (CONFLICT, with what is missing) while the draft is incomplete. */
export function applicationParts(draft: Draft): DossierPart[] {
  const missing = missingSteps(draft);
  const { portrait, signature } = draft;
  if (missing.length > 0 || !portrait || !signature)
    throw new StationError('CONFLICT', `Le dossier est incomplet : ${missing.join(', ')}.`, { missing });
  return dossierParts({
    application: {
      titleType: draft.titleType,
      ...(draft.preApplicationNumber ? { preApplicationNumber: draft.preApplicationNumber } : {}),
      applicant: draft.applicant,
      ...(draft.counterChecks ? { counterChecks: dossierCounterChecks(draft.counterChecks) } : {}),
      portraitIntake: portrait.intake ?? { kind: 'live' },
      ...(portrait.overrideReason
        ? { portraitOverride: { reason: portrait.overrideReason, failedCriteria: portrait.failedCriteria } }
        : {}),
    },
    portrait,
    fingerprints: {
      images: chosenFingers(draft).map((f) => ({ finger: f.finger, pngBase64: f.png })),
      slots: draft.slots,
    },
    signature,
  });
}

/**
 * What the dossier says of the counter checks: outcomes, the fields the agent corrected, how many
 * appointments were held elsewhere, the proof's verdict, the stamp used; a deferred check keeps its
 * journal id (its answer is in the station's counter journal once a sync redid it). No sentence.
 */
function dossierCounterChecks(checks: DraftCounterChecks) {
  const outcome = <C extends { outcome: CheckOutcome; message: string; deferredId?: string }>(check: C) => {
    const { message: _message, ...rest } = check;
    return rest;
  };
  const { preApplication, appointments, proofOfAddress, taxStamp } = checks;
  return {
    ...(checks.reason ? { reason: checks.reason } : {}),
    ...(preApplication ? { preApplication: outcome(preApplication) } : {}),
    corrections: checks.corrections,
    ...(appointments ? { appointments: outcome(appointments) } : {}),
    ...(proofOfAddress
      ? { proofOfAddress: { verdict: proofOfAddress.verdict, type: proofOfAddress.type } }
      : {}),
    ...(taxStamp ? { taxStamp: outcome(taxStamp) } : {}),
  };
}

/** What the vault keeps of a draft: dates as ISO strings, attempts as entries. */
export interface DraftSnapshot extends Omit<Draft, 'attempts' | 'startedAt' | 'expiresAt'> {
  startedAt: string;
  expiresAt: string;
  attempts: [FingerPosition, readonly Attempt[]][];
}

export function draftSnapshot(draft: Draft): DraftSnapshot {
  const { attempts, startedAt, expiresAt, ...rest } = draft;
  return {
    ...rest,
    startedAt: startedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    attempts: [...attempts],
  };
}

export function draftFromSnapshot(saved: DraftSnapshot): Draft {
  return {
    ...saved,
    startedAt: new Date(saved.startedAt),
    expiresAt: new Date(saved.expiresAt),
    attempts: new Map(saved.attempts),
  };
}
