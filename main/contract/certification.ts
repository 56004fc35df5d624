/**
 * The identity-certification workflow (France Identité) in the contract: the certification view the
 * renderer sees (steps, fingers, decision in words), its commands and progress event, and the
 * device-host methods it needs (chip read with CAN, live capture + 1:1 match, simulation control).
 * Scores never reach the renderer: the agent sees a decision, not a number to interpret.
 */
import { z } from 'zod';
import { FingerPosition } from './application';

const Empty = z.object({}).strict();

/** The certified fingers are the application's finger positions (ISO/IEC 19794-4 order). */
export const CertFinger = FingerPosition;
export type CertFinger = z.infer<typeof CertFinger>;

/** What the QR code of the France Identité app carries, as the project reads it (see reference.ts). */
export const RequestReferenceInput = z.string().trim().min(1).max(200);

export const CertificationStage = z.enum([
  /** Reference scanned; waiting for the CAN. */
  'can',
  /** Chip read; live capture of the DG3 fingers. */
  'capture',
  /** Every finger decided: the result is shown, not yet submitted. */
  'result',
  'submitted',
  /** Ended by a failure (card not genuine, CAN blocked...): nothing more can be done on it. */
  'failed',
]);
export type CertificationStage = z.infer<typeof CertificationStage>;

export const CertFingerView = z.object({
  finger: CertFinger,
  status: z.enum(['pending', 'matched', 'not-matched']),
  attempts: z.number().int().min(0),
  maxAttempts: z.number().int().min(1),
  /** The chip (DG3) image, PNG base64 (kept in memory for the screen only). */
  chipPng: z.string(),
  /** The last live capture, PNG base64. */
  livePng: z.string().optional(),
  /** The last attempt, in words: quality refused, match, no match. */
  lastOutcome: z.enum(['quality-too-low', 'match', 'no-match']).optional(),
  /** French guidance for the agent after the last attempt. */
  message: z.string().optional(),
});
export type CertFingerView = z.infer<typeof CertFingerView>;

export const CertificationView = z.object({
  id: z.string(),
  requestReference: z.string(),
  stage: CertificationStage,
  startedAt: z.string(),
  chip: z
    .object({
      /** Passive authentication and chip authentication verdict (true: card genuine). */
      genuine: z.boolean(),
      checks: z.array(z.object({ ok: z.boolean(), message: z.string() })),
    })
    .nullable(),
  fingers: z.array(CertFingerView),
  decision: z
    .object({
      outcome: z.enum(['certified', 'refused']),
      /** The decision in words for the agent. */
      summary: z.string(),
    })
    .nullable(),
  failure: z.object({ reason: z.string(), message: z.string() }).nullable(),
  dossierId: z.string().optional(),
});
export type CertificationView = z.infer<typeof CertificationView>;

export const ChipReadStep = z.enum(['pace', 'read', 'ca-ta', 'dg3', 'pa', 'done']);
export type ChipReadStep = z.infer<typeof ChipReadStep>;

export const CertificationProgress = z.object({
  step: ChipReadStep,
  label: z.string(),
  fraction: z.number().min(0).max(1),
});
export type CertificationProgress = z.infer<typeof CertificationProgress>;

/** Demo and training: what the simulated citizen and card do next (refused on real hardware). */
export const CertificationScenario = z.enum([
  /** The holder of the card presents their own fingers (default). */
  'genuine-holder',
  /** Someone else presents their fingers: no match. */
  'impostor',
  /** The card on the reader is a forgery (its signature does not chain to a trusted authority). */
  'forged-card',
  /** The card is taken off the reader during the next read. */
  'remove-card-during-read',
  /** The card is taken off and put back (resets a suspended CAN). */
  'reinsert-card',
]);
export type CertificationScenario = z.infer<typeof CertificationScenario>;

export const certificationCommands = {
  /** Starts a certification from the scanned QR code payload (checksum verified). */
  'certification.start': {
    request: z.object({ requestReference: RequestReferenceInput }).strict(),
    response: CertificationView,
  },
  /** Reads the card chip with its CAN (PACE, CA/TA, DG3, passive authentication); progress as events. */
  'certification.readChip': {
    request: z
      .object({
        can: z
          .string()
          .trim()
          .regex(/^\d{6}$/, { error: 'Le CAN est composé de 6 chiffres.' }),
      })
      .strict(),
    response: CertificationView,
  },
  /** One live capture of a DG3 finger: quality gate, then 1:1 match against the chip image. */
  'certification.captureFinger': {
    request: z.object({ finger: CertFinger }).strict(),
    response: CertificationView,
  },
  /** Seals the result (certification dossier) and queues it for the central system. */
  'certification.submit': { request: Empty, response: CertificationView },
  'certification.current': { request: Empty, response: CertificationView.nullable() },
  'certification.cancel': { request: Empty, response: z.object({ cancelled: z.boolean() }) },
  /** Simulated mode: a QR payload as the France Identité app would show it, and the card's CAN. */
  'certification.simulation': {
    request: Empty,
    response: z.object({ requestReference: z.string(), can: z.string() }),
  },
  /** Simulated mode: what the simulated citizen or card does next. */
  'certification.simulate': {
    request: z.object({ scenario: CertificationScenario }).strict(),
    response: z.object({ scenario: CertificationScenario }),
  },
} as const;

export const certificationEvents = {
  'certification.progress': CertificationProgress,
} as const;

const ChipSummary = z.object({
  documentNumberHash: z.string(),
  passiveAuthentication: z.object({ ok: z.boolean(), checks: z.array(z.string()) }),
  chipAuthentication: z.boolean(),
  terminalAuthentication: z.boolean(),
  checks: z.array(z.object({ ok: z.boolean(), message: z.string() })),
  genuine: z.boolean(),
  fingers: z.array(z.object({ finger: CertFinger, chipPng: z.string() })),
});
export type ChipSummary = z.infer<typeof ChipSummary>;

export const certificationHostMethods = {
  /** Reads the chip; the DG3 finger templates stay in the device host for the matches. */
  certificationReadChip: {
    params: z.object({ can: z.string().regex(/^\d{6}$/) }).strict(),
    result: ChipSummary,
  },
  /** Live capture of one finger, quality, and (when good enough) the 1:1 score against DG3. */
  certificationCaptureFinger: {
    params: z.object({ finger: CertFinger, minQuality: z.number().int().min(0).max(100) }).strict(),
    result: z.object({
      finger: CertFinger,
      quality: z.number().int().min(0).max(100),
      feedback: z.string(),
      /** Null when the capture was refused by the quality gate. */
      score: z.number().nullable(),
      livePng: z.string(),
    }),
  },
  /** Forgets the chip data held for the current certification. */
  certificationReset: { params: Empty, result: z.object({ reset: z.boolean() }) },
  /** Simulated mode: the CAN printed on the simulated card. */
  certificationSimulation: { params: Empty, result: z.object({ can: z.string() }) },
  certificationSimulate: {
    params: z.object({ scenario: CertificationScenario }).strict(),
    result: z.object({ scenario: CertificationScenario }),
  },
} as const;

export const certificationHostEvents = {
  'certification.progress': CertificationProgress,
} as const;
