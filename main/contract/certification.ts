/**
 * The identity-certification workflow (France Identité) in the contract: the certification view the
 * renderer sees (steps, fingers, decision in words), its commands and progress event.
 * Scores never reach the renderer: the agent sees a decision, not a number to interpret.
 */
import { z } from 'zod';
import { CertificationProgress, CertificationScenario, FingerPosition } from '../../common/domain';

const Empty = z.object({}).strict();

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
  finger: FingerPosition,
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
    request: z.object({ finger: FingerPosition }).strict(),
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
