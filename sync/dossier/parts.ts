/**
 * The catalogue of dossier parts: which part names exist, which media types each accepts,
 * and, for structured (JSON) parts, the zod schema of their content. Adding a kind of part
 * means adding a rule here (and bumping DOSSIER_SCHEMA_VERSION when old readers would choke).
 */
import { z } from 'zod';
import { FingerPosition } from '../../common/domain';
import { SHA256_HEX } from './hash';

export const JSON_MEDIA_TYPE = 'application/json';

/** `portrait.quality`: outcome of the ICAO 9303 portrait checks. */
export const PortraitQuality = z.strictObject({
  score: z.number().min(0).max(100),
  compliant: z.boolean(),
  failedChecks: z.array(z.string().min(1)),
});

/** `fingerprints.quality`: one entry per finger the agent handled (NFIQ 2 score when captured). */
export const FingerprintsQuality = z.strictObject({
  fingers: z
    .array(
      z.strictObject({
        finger: FingerPosition,
        status: z.enum(['captured', 'missing', 'unusable']),
        nfiq2: z.number().int().min(0).max(100).optional(),
        reason: z.string().max(200).optional(),
      }),
    )
    .min(1),
});

/** `signature.strokes`: the pen trajectory as captured by the pad (units: pad pixels and ms). */
export const SignatureStrokes = z.strictObject({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  strokes: z
    .array(
      z.strictObject({
        points: z
          .array(
            z.strictObject({
              x: z.number(),
              y: z.number(),
              t: z.number().min(0),
              p: z.number().min(0).max(1).optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

/** `chip-read`: what was read from an existing title's chip (ICAO 9303 LDS). */
export const ChipRead = z.strictObject({
  readAt: z.iso.datetime(),
  documentNumber: z.string().min(1).max(32).optional(),
  dataGroups: z.array(
    z.strictObject({ number: z.number().int().min(1).max(16), sha256: z.string().regex(SHA256_HEX) }),
  ),
  passiveAuthentication: z.enum(['passed', 'failed', 'not-performed']),
  chipAuthentication: z.enum(['passed', 'failed', 'not-performed']),
});

/** `match-result`: one biometric comparison made at the station. */
export const MatchResult = z.strictObject({
  algorithm: z.string().min(1).max(100),
  probe: z.string().min(1),
  reference: z.string().min(1),
  score: z.number(),
  threshold: z.number(),
  decision: z.enum(['match', 'no-match', 'inconclusive']),
});

/** `application`: what the citizen applies for, as on the pre-application (typed by the agent). */
const CounterCheckOutcome = z.strictObject({
  outcome: z.enum(['ok', 'warning', 'refused', 'invalid', 'deferred', 'unavailable']),
  deferredId: z.string().max(64).optional(),
});

export const ApplicationDetails = z.strictObject({
  titleType: z.enum(['passport', 'id-card']),
  preApplicationNumber: z
    .string()
    .regex(/^[A-Z0-9]{10}$/)
    .optional(),
  applicant: z.strictObject({
    surname: z.string().min(1).max(80),
    givenNames: z.string().min(1).max(120),
    birthDate: z.iso.date(),
    sex: z.enum(['F', 'M', 'X']),
    birthPlace: z.string().max(120).optional(),
  }),
  /**
   * The counter checks made before capture (outcomes; the identity fields the agent corrected from
   * the pre-application, by name; a deferred check's journal id).
   */
  counterChecks: z
    .strictObject({
      reason: z.enum(['first', 'renewal', 'loss', 'theft', 'change']).optional(),
      preApplication: CounterCheckOutcome.optional(),
      corrections: z.array(z.string().max(32)).max(16),
      appointments: CounterCheckOutcome.extend({ duplicates: z.number().int().min(0) }).optional(),
      proofOfAddress: z
        .strictObject({
          verdict: z.enum(['authentic', 'altered', 'unknown_certificate', 'revoked', 'expired', 'unsigned']),
          type: z.string().max(4),
        })
        .optional(),
      taxStamp: CounterCheckOutcome.extend({
        number: z.string().regex(/^[0-9]{16}$/),
        amountCents: z.number().int().min(0).optional(),
      }).optional(),
    })
    .optional(),
  /**
   * Where the portrait came from (issue 18 D): live capture at the counter, a scanned paper photo,
   * or an e-photo record (its code and provider; the provider is told the code is used at submit).
   */
  portraitIntake: z
    .strictObject({
      kind: z.enum(['live', 'scan', 'ephoto']),
      ephotoCode: z
        .string()
        .regex(/^[0-9A-Z]{22}$/)
        .optional(),
      provider: z.string().max(120).optional(),
    })
    .optional(),
  /** Portrait accepted by the agent despite failed criteria: the reason (no image). */
  portraitOverride: z
    .strictObject({ reason: z.string().min(3).max(200), failedCriteria: z.array(z.string()) })
    .optional(),
});

/** `certification`: the result of a France Identité identity certification made at the station. */
export const CertificationResult = z.strictObject({
  requestReference: z.string().regex(/^FI-[A-Z2-7]{16}\d{2}$/),
  /** SHA-256 (hex) of the document number read from the chip (DG1). */
  documentNumberHash: z.string().regex(SHA256_HEX),
  passiveAuthentication: z.enum(['passed', 'failed']),
  chipAuthentication: z.enum(['passed', 'failed', 'not-performed']),
  fingers: z
    .array(
      z.strictObject({
        finger: FingerPosition,
        attempts: z.number().int().min(0).max(10),
        /** Best 1:1 score against the chip image (null: no capture passed the quality gate). */
        score: z.number().nullable(),
        decision: z.enum(['match', 'no-match']),
      }),
    )
    .min(1),
  fusion: z.strictObject({ rule: z.enum(['mean', 'max']), score: z.number(), threshold: z.number() }),
  decision: z.enum(['certified', 'refused']),
  algorithm: z.string().min(1).max(100),
  agentId: z.string().min(1).max(64),
  decidedAt: z.iso.datetime(),
});

interface PartRule {
  pattern: RegExp;
  mediaTypes: readonly string[];
  content?: z.ZodType;
}

const IMAGE_TYPES = ['image/jpeg', 'image/jp2', 'image/png'] as const;
const FINGER_PATTERN = FingerPosition.options.join('|');

const RULES: readonly PartRule[] = [
  { pattern: /^application$/, mediaTypes: [JSON_MEDIA_TYPE], content: ApplicationDetails },
  { pattern: /^portrait$/, mediaTypes: IMAGE_TYPES },
  { pattern: /^portrait\.quality$/, mediaTypes: [JSON_MEDIA_TYPE], content: PortraitQuality },
  {
    pattern: new RegExp(`^fingerprint\\.(${FINGER_PATTERN})$`),
    mediaTypes: ['image/png', 'image/x-wsq', 'image/jp2'],
  },
  { pattern: /^fingerprints\.quality$/, mediaTypes: [JSON_MEDIA_TYPE], content: FingerprintsQuality },
  { pattern: /^signature\.strokes$/, mediaTypes: [JSON_MEDIA_TYPE], content: SignatureStrokes },
  { pattern: /^signature\.image$/, mediaTypes: ['image/png'] },
  { pattern: /^chip-read$/, mediaTypes: [JSON_MEDIA_TYPE], content: ChipRead },
  { pattern: /^certification$/, mediaTypes: [JSON_MEDIA_TYPE], content: CertificationResult },
  { pattern: /^match-result(\.[a-z0-9-]+)?$/, mediaTypes: [JSON_MEDIA_TYPE], content: MatchResult },
];

export function partRule(name: string): PartRule | undefined {
  return RULES.find((rule) => rule.pattern.test(name));
}

/** Problems with a part's name, media type or (for JSON parts) content; empty when valid. */
export function partProblems(name: string, mediaType: string, bytes: Uint8Array): string[] {
  const rule = partRule(name);
  if (!rule) return [`unknown part name "${name}"`];
  if (!rule.mediaTypes.includes(mediaType)) {
    return [`part "${name}" cannot have media type "${mediaType}" (allowed: ${rule.mediaTypes.join(', ')})`];
  }
  if (!rule.content) return bytes.length === 0 ? [`part "${name}" is empty`] : [];
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return [`part "${name}" is not valid UTF-8 JSON`];
  }
  const parsed = rule.content.safeParse(value);
  return parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `part "${name}" ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
}
