/**
 * The application-capture workflow (passport / ID card) in the contract: the draft the agent builds
 * step by step (identity, portrait, fingerprints, signature), its commands, the live signature
 * event. The draft lives in the station core; the renderer only sees this view of it.
 */
import { z } from 'zod';
import { ApplicationReason, FingerPosition, PortraitAnalysis, SignaturePoints } from '../../common/domain';

export const TitleType = z.enum(['passport', 'id-card']);
export type TitleType = z.infer<typeof TitleType>;

/** ANTS online pre-application number: 10 letters or digits (typed, or read from its QR code). */
export const PreApplicationNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{10}$/, { error: 'Le numéro de pré-demande comporte 10 lettres ou chiffres.' });

const Name = z.string().trim().min(1).max(80);
export const ApplicantIdentity = z
  .object({
    surname: Name,
    givenNames: z.string().trim().min(1).max(120),
    birthDate: z.iso.date(),
    sex: z.enum(['F', 'M', 'X']),
    birthPlace: z.string().trim().max(120).optional(),
  })
  .strict();
export type ApplicantIdentity = z.infer<typeof ApplicantIdentity>;

/**
 * What a counter check came to, for the agent: `ok`; `warning` (usable, but look: a duplicate
 * appointment); `refused` (expired, used, unknown, stamp consumed or of the wrong amount, forged
 * proof); `invalid` (the number's format or check character); `deferred` (the central system is out of
 * reach: the entry is kept, flagged, and checked again at the next sync); `unavailable` (the service
 * did not answer in time or answered an error: try again).
 */
export const CheckOutcome = z.enum(['ok', 'warning', 'refused', 'invalid', 'deferred', 'unavailable']);
export type CheckOutcome = z.infer<typeof CheckOutcome>;

const RecordedCheck = z.object({
  outcome: CheckOutcome,
  message: z.string(),
  /** The journalled lookup to redo at the next sync (outcome `deferred`). */
  deferredId: z.string().optional(),
});

/**
 * The counter checks made at the identity step, as the draft records them: the pre-application
 * (and which of its fields the agent corrected, by name), the appointments held elsewhere, the
 * proof of address (2D-DOC verdict), the tax stamp. A deferred check is redone at sync and its
 * answer recorded here.
 */
export const DraftCounterChecks = z.object({
  reason: ApplicationReason.optional(),
  preApplication: RecordedCheck.optional(),
  corrections: z.array(z.string()),
  appointments: RecordedCheck.extend({ duplicates: z.number().int().min(0) }).optional(),
  proofOfAddress: z
    .object({
      verdict: z.enum(['authentic', 'altered', 'unknown_certificate', 'revoked', 'expired', 'unsigned']),
      type: z.string(),
      message: z.string(),
    })
    .optional(),
  taxStamp: RecordedCheck.extend({
    number: z.string(),
    amountCents: z.number().int().min(0).optional(),
  }).optional(),
});
export type DraftCounterChecks = z.infer<typeof DraftCounterChecks>;

export const FingerSlot = z.object({
  finger: FingerPosition,
  status: z.enum(['pending', 'captured', 'missing', 'unusable']),
  attempts: z.number().int().min(0),
  /** Best quality (0-100, NFIQ 2 scale) among the attempts. */
  bestQuality: z.number().int().min(0).max(100).optional(),
  /** Why the finger is missing or unusable (typed by the agent). */
  reason: z.string().optional(),
});
export type FingerSlot = z.infer<typeof FingerSlot>;

export const ApplicationDraft = z.object({
  id: z.string(),
  titleType: TitleType,
  preApplicationNumber: z.string().optional(),
  applicant: ApplicantIdentity,
  startedAt: z.string(),
  /** The draft is purged after this time if not submitted. */
  expiresAt: z.string(),
  portrait: z
    .object({
      compliant: z.boolean(),
      failedCriteria: z.array(z.string()),
      overrideReason: z.string().optional(),
      /** The still was taken (its image is kept in the draft). */
      captured: z.boolean(),
      /** Where it came from: live capture, a scanned paper photo or an e-photo code. */
      intake: z.enum(['live', 'scan', 'ephoto']).optional(),
    })
    .nullable(),
  fingerprints: z.object({
    /** False under the legal age: no fingerprints are taken. */
    required: z.boolean(),
    slots: z.array(FingerSlot),
  }),
  signature: z.object({ points: z.number().int(), strokes: z.number().int() }).nullable(),
  /** The counter checks of the identity step (absent when none was made). */
  counterChecks: DraftCounterChecks.optional(),
  /** What is still missing before submission (French, for the agent); empty = ready. */
  missing: z.array(z.string()),
});
export type ApplicationDraft = z.infer<typeof ApplicationDraft>;

export const FingerAttempt = z.object({
  finger: FingerPosition,
  attempt: z.number().int().min(1),
  quality: z.number().int().min(0).max(100),
  accepted: z.boolean(),
  /** One French instruction (e.g. "Appuyez un peu plus fort"), or the verdict. */
  feedback: z.string(),
  /** The captured print as PNG, base64 (shown to the agent, never stored in clear). */
  pngBase64: z.string(),
  /** How long the station took from the print in hand to this answer (ms): the WAN bench's figure. */
  qualityMs: z.number().nonnegative().optional(),
});
export type FingerAttempt = z.infer<typeof FingerAttempt>;

/** What the review screen shows: the whole dossier with its images. */
export const ApplicationReview = z.object({
  draft: ApplicationDraft,
  portraitJpegBase64: z.string().nullable(),
  fingers: z.array(z.object({ finger: FingerPosition, quality: z.number().int(), pngBase64: z.string() })),
  signatureSvg: z.string().nullable(),
});
export type ApplicationReview = z.infer<typeof ApplicationReview>;

/** The citizen's receipt: no biometrics, no more personal data than the dossier number needs. */
export const ApplicationReceipt = z.object({
  dossierId: z.string(),
  /** Short number the citizen quotes (derived from the dossier id). */
  dossierNumber: z.string(),
  submittedAt: z.string(),
  townHall: z.object({ name: z.string(), inseeCode: z.string() }),
  titleType: TitleType,
});
export type ApplicationReceipt = z.infer<typeof ApplicationReceipt>;

/** Why the agent accepts a portrait despite failed criteria (a code: no free text is audited). */
export const PortraitOverrideReason = z.enum([
  'disability',
  'young-child',
  'religious-covering',
  'misjudged-criterion',
]);
export type PortraitOverrideReason = z.infer<typeof PortraitOverrideReason>;

/**
 * What a portrait intake that brings a finished photo (e-photo code, scanned paper photo) gives:
 * the photo refused (the agent's French sentence: bad code, used, expired, not authentic, no photo
 * on the glass...) or kept in the draft with its analysis and the token shown to the agent.
 */
export const PortraitIntakeResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('refused'), message: z.string() }),
  z.object({
    outcome: z.literal('kept'),
    draft: ApplicationDraft,
    analysis: PortraitAnalysis,
    portraitJpegBase64: z.string(),
    /** One French sentence on the source (the e-photo provider and dates, the scan's skew...). */
    source: z.string(),
  }),
]);
export type PortraitIntakeResult = z.infer<typeof PortraitIntakeResult>;

/** Why a finger cannot be captured. */
export const FingerAbsenceReason = z.enum(['amputated', 'bandaged', 'injured', 'skin-condition', 'other']);
export type FingerAbsenceReason = z.infer<typeof FingerAbsenceReason>;

const Empty = z.object({}).strict();

export const applicationCommands = {
  /** A new application (replaces nothing: refused while another draft is open). */
  'application.start': {
    request: z
      .object({
        titleType: TitleType,
        preApplicationNumber: PreApplicationNumber.optional(),
        applicant: ApplicantIdentity,
        /** The reason of the application (the tax stamp's amount depends on it). */
        reason: ApplicationReason.optional(),
        /**
         * The tax stamp checked at the identity step (`counter.taxStamp`); the station records its
         * own check of it, and refuses a stamp it found unusable.
         */
        taxStampNumber: z
          .string()
          .regex(/^[0-9]{16}$/)
          .optional(),
      })
      .strict(),
    response: ApplicationDraft,
  },
  /** The draft in progress (resumed after an interruption), or null. */
  'application.current': { request: Empty, response: ApplicationDraft.nullable() },
  /** The captured still: analysed again at full resolution by the station; an override needs a reason. */
  'application.portrait': {
    request: z
      .object({
        jpegBase64: z.string().min(4).max(12_000_000),
        frame: z
          .object({
            x: z.number(),
            y: z.number(),
            width: z.number().positive(),
            height: z.number().positive(),
          })
          .optional(),
        overrideReason: PortraitOverrideReason.optional(),
      })
      .strict(),
    response: z.object({ draft: ApplicationDraft, analysis: PortraitAnalysis }),
  },
  /** The portrait of an e-photo code (typed or read from the board), fetched and verified, then checked. */
  'application.portraitEphoto': {
    request: z
      .object({ code: z.string().trim().min(1).max(64), overrideReason: PortraitOverrideReason.optional() })
      .strict(),
    response: PortraitIntakeResult,
  },
  /** A flatbed scan of the paper photo (PNG/JPEG/TIFF): found, deskewed, cropped to the ISO token, checked. */
  'application.portraitScan': {
    request: z
      .object({
        imageBase64: z.string().min(4).max(16_000_000),
        overrideReason: PortraitOverrideReason.optional(),
      })
      .strict(),
    response: PortraitIntakeResult,
  },
  /** One capture attempt of one finger on the scanner (at most `maxAttempts`, then the best is kept). */
  'application.captureFinger': {
    request: z.object({ finger: FingerPosition }).strict(),
    response: z.object({ draft: ApplicationDraft, attempt: FingerAttempt }),
  },
  /** A finger that cannot be captured: missing (amputation...) or unusable (injury...), with the reason. */
  'application.markFinger': {
    request: z
      .object({
        finger: FingerPosition,
        status: z.enum(['missing', 'unusable']),
        reason: FingerAbsenceReason,
      })
      .strict(),
    response: ApplicationDraft,
  },
  /** Starts a signature on the pad; points arrive as `signature.points` events. */
  'application.signatureStart': {
    request: Empty,
    response: z.object({ width: z.number().int(), height: z.number().int() }),
  },
  'application.signatureClear': { request: Empty, response: z.object({ cleared: z.boolean() }) },
  /** Ends the signature and keeps it in the draft. */
  'application.signatureFinish': {
    request: Empty,
    response: z.object({ draft: ApplicationDraft, svg: z.string() }),
  },
  'application.review': { request: Empty, response: ApplicationReview },
  /** Seals and queues the dossier for the central system; the draft is then erased. */
  'application.submit': { request: Empty, response: ApplicationReceipt },
  /** Abandons the draft (the applicant left...): it is erased, the reason is audited. */
  'application.cancel': {
    request: z
      .object({ reason: z.enum(['applicant-left', 'agent-abandoned', 'device-failure', 'other']) })
      .strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const applicationEvents = {
  'signature.points': SignaturePoints,
} as const;
