/**
 * The catalogue of dossier parts: which part names exist, which media types each accepts,
 * and, for structured (JSON) parts, the zod schema of their content. Adding a kind of part
 * means adding a rule here (and bumping DOSSIER_SCHEMA_VERSION when old readers would choke).
 */
import { z } from 'zod';
import { isoFingerPositions } from '../../models/fingerprint/formats/finger-positions';
import { SHA256_HEX } from './hash';

export const FINGER_POSITIONS = isoFingerPositions;
export const FingerPosition = z.enum(FINGER_POSITIONS);
export type FingerPosition = z.infer<typeof FingerPosition>;

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

interface PartRule {
  pattern: RegExp;
  mediaTypes: readonly string[];
  content?: z.ZodType;
}

const IMAGE_TYPES = ['image/jpeg', 'image/jp2', 'image/png'] as const;
const FINGER_PATTERN = FINGER_POSITIONS.join('|');

const RULES: readonly PartRule[] = [
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
