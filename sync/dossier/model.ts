/**
 * The dossier model: what the station captured for one application or certification, as parts
 * (name, media type, bytes, SHA-256). Validation covers the envelope fields, part names and media
 * types, JSON part contents and part hashes. `createDossier` is how capture code builds one.
 */
import { z } from 'zod';
import { canonicalJsonBytes } from '../../common/canonical-json';
import { SHA256_HEX, sha256Hex } from './hash';
import { JSON_MEDIA_TYPE, partProblems } from './parts';
import { type UuidV7Generator, uuidV7 } from './uuid-v7';

export const DOSSIER_SCHEMA_VERSION = 1;
export const MAX_PARTS = 64;

export const DossierKind = z.enum(['application', 'certification']);
export type DossierKind = z.infer<typeof DossierKind>;

/** Station and agent identifiers are opaque, printable and short (they appear in file names and logs). */
export const Identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'invalid identifier');

export const DossierPart = z.strictObject({
  name: z.string().min(1).max(64),
  mediaType: z.string().min(1).max(100),
  bytes: z.instanceof(Uint8Array),
  sha256: z.string().regex(SHA256_HEX),
});
export type DossierPart = z.infer<typeof DossierPart>;

const DossierFields = z.strictObject({
  schemaVersion: z.literal(DOSSIER_SCHEMA_VERSION),
  id: z.uuidv7(),
  kind: DossierKind,
  stationId: Identifier,
  agentId: Identifier,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /**
   * The version of the central's signed configuration in force when the dossier was made
   * (sync/configuration; 0 = the built-in configuration). Absent in dossiers from before it existed.
   */
  configVersion: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  parts: z.array(DossierPart).min(1).max(MAX_PARTS),
});

type DossierFieldsValue = z.infer<typeof DossierFields>;
type Ctx = z.RefinementCtx<DossierFieldsValue>;

function checkStructure(dossier: DossierFieldsValue, ctx: Ctx): void {
  if (dossier.updatedAt < dossier.createdAt) {
    ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'updatedAt is before createdAt' });
  }
  const seen = new Set<string>();
  dossier.parts.forEach((part, index) => {
    if (seen.has(part.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['parts', index, 'name'],
        message: `duplicate part "${part.name}"`,
      });
    }
    seen.add(part.name);
    for (const message of partProblems(part.name, part.mediaType, part.bytes)) {
      ctx.addIssue({ code: 'custom', path: ['parts', index], message });
    }
  });
}

function checkHashes(dossier: DossierFieldsValue, ctx: Ctx): void {
  dossier.parts.forEach((part, index) => {
    if (sha256Hex(part.bytes) !== part.sha256) {
      ctx.addIssue({
        code: 'custom',
        path: ['parts', index, 'sha256'],
        message: `part "${part.name}" hash mismatch`,
      });
    }
  });
}

export const Dossier = DossierFields.superRefine((dossier, ctx) => {
  checkStructure(dossier, ctx);
  checkHashes(dossier, ctx);
});
/** The same checks without hashing the parts again, for callers that have just hashed them. */
const DossierWithHashesJustComputed = DossierFields.superRefine(checkStructure);
export type Dossier = z.infer<typeof Dossier>;

export interface PartInput {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface NewDossierInput {
  kind: DossierKind;
  stationId: string;
  agentId: string;
  /** The signed configuration's version in force (see DossierFields). */
  configVersion?: number;
  parts: readonly PartInput[];
}

export interface DossierFactoryOptions {
  now?: () => Date;
  newId?: UuidV7Generator;
}

export class DossierValidationError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid dossier: ${issues.join('; ')}`);
    this.name = 'DossierValidationError';
  }
}

/**
 * Validates a dossier, part hashes included unless `hashesJustComputed` says the caller has just
 * computed or checked them on these very bytes (hashing 3 MB twice is a visible cost).
 */
export function validateDossier(value: unknown, options: { hashesJustComputed?: boolean } = {}): Dossier {
  const parsed = (options.hashesJustComputed ? DossierWithHashesJustComputed : Dossier).safeParse(value);
  if (!parsed.success) {
    throw new DossierValidationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** A new dossier with a fresh UUIDv7, timestamps and part hashes; throws DossierValidationError. */
export function createDossier(input: NewDossierInput, options: DossierFactoryOptions = {}): Dossier {
  const at = (options.now?.() ?? new Date()).toISOString();
  return validateDossier(
    {
      schemaVersion: DOSSIER_SCHEMA_VERSION,
      id: (options.newId ?? uuidV7)(),
      kind: input.kind,
      stationId: input.stationId,
      agentId: input.agentId,
      ...(input.configVersion !== undefined ? { configVersion: input.configVersion } : {}),
      createdAt: at,
      updatedAt: at,
      parts: input.parts.map((part) => ({ ...part, sha256: sha256Hex(part.bytes) })),
    },
    { hashesJustComputed: true },
  );
}

/** A JSON part in canonical encoding (its content is validated with the dossier). */
export function jsonPart(name: string, value: unknown): PartInput {
  return { name, mediaType: JSON_MEDIA_TYPE, bytes: canonicalJsonBytes(value) };
}
