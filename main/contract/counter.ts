/**
 * Counter checks before capture, in the contract: what a code read by the 2D barcode reader (or
 * typed, or decoded from the camera) is, ready for the identity step: a verified 2D-DOC proof, a
 * pre-application number or a tax-stamp number (their lookups come with the central services).
 * The proof's fields are personal: they reach the screen, never a log or the audit.
 */
import { z } from 'zod';
import { ApplicationReason } from '../../common/domain/application-reason';
import { ApplicantIdentity, CheckOutcome, TitleType } from './application';

const Empty = z.object({}).strict();

const CheckBase = {
  /** The number as checked (compacted, upper-case). */
  number: z.string().max(64),
  outcome: CheckOutcome,
  /** French sentence for the agent. */
  message: z.string(),
};

/** The pre-application fetched by its number: the fields for the agent to confirm against the documents. */
export const PreApplicationCheck = z.object({
  ...CheckBase,
  state: z.enum(['valid', 'expired', 'used', 'unknown']).optional(),
  application: z
    .object({
      titleType: TitleType,
      reason: ApplicationReason,
      identity: ApplicantIdentity,
      address: z.object({ line: z.string(), postcode: z.string(), city: z.string() }).optional(),
    })
    .optional(),
});
export type PreApplicationCheck = z.infer<typeof PreApplicationCheck>;

/** The appointment platform's anti-duplicate answer: the appointments the same number holds elsewhere. */
export const AppointmentsCheck = z.object({
  ...CheckBase,
  status: z.enum(['validated', 'declared', 'consumed', 'expired', 'unknown']).optional(),
  elsewhere: z.array(z.object({ place: z.string(), date: z.string(), managementUrl: z.string() })),
});
export type AppointmentsCheck = z.infer<typeof AppointmentsCheck>;

/** The tax stamp against the ledger, and its amount against the title type, the reason and the age. */
export const TaxStampCheck = z.object({
  ...CheckBase,
  state: z.enum(['valid', 'consumed', 'cancelled', 'unknown']).optional(),
  amountCents: z.number().int().min(0).optional(),
  expectedCents: z.number().int().min(0).optional(),
});
export type TaxStampCheck = z.infer<typeof TaxStampCheck>;

const NumberRequest = z.object({ number: z.string().trim().min(1).max(40) }).strict();

/** The 2D-DOC report (`recueil 2ddoc verify --json`): signed fields with their French labels and the verdict. */
export const TwoDDocProof = z.object({
  header: z.object({
    version: z.number().int(),
    authority: z.string(),
    certificate: z.string(),
    issued: z.string().nullable(),
    signed: z.string().nullable(),
    type: z.string(),
    typeLabel: z.string(),
    perimeter: z.string().optional(),
    country: z.string().optional(),
    encoding: z.enum(['text', 'binary']),
  }),
  fields: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  truncated: z.array(z.string()),
  unparsedMessage: z.string().optional(),
  signature: z.enum(['valid', 'invalid', 'unknown_certificate', 'revoked', 'absent']),
  verdict: z.enum(['authentic', 'altered', 'unknown_certificate', 'revoked', 'expired', 'unsigned']),
  /** French sentence of the verdict for the agent. */
  message: z.string(),
});
export type TwoDDocProof = z.infer<typeof TwoDDocProof>;

export const CounterCode = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('2ddoc'), proof: TwoDDocProof }),
  z.object({ kind: z.literal('pre-application'), number: z.string().regex(/^[0-9A-Z]{10}$/) }),
  z.object({ kind: z.literal('tax-stamp'), number: z.string().regex(/^[0-9]{16}$/) }),
  /** Not a code of the counter, or a 2D-DOC that cannot be read: why, in French. */
  z.object({ kind: z.literal('unreadable'), code: z.string(), message: z.string() }),
]);
export type CounterCode = z.infer<typeof CounterCode>;

export const CounterScan = z.object({
  /** The handheld reader, what the agent typed (`counter.classify`), or a photo or scan (`counter.classifyImage`). */
  source: z.enum(['reader', 'typed', 'picture']),
  /** From the reader's AIM identifier ('datamatrix', 'qr'...) or the picture's symbol; 'typed' for a typed code. */
  symbology: z.string(),
  at: z.string(),
  code: CounterCode,
});
export type CounterScan = z.infer<typeof CounterScan>;

export const counterScanSymbologies = ['datamatrix', 'qr', 'pdf417', 'aztec', 'code128'] as const;

export const counterCommands = {
  /** Fetches the pre-application (number typed or scanned); offline the entry is deferred and flagged. */
  'counter.preApplication': { request: NumberRequest, response: PreApplicationCheck },
  /** The appointment platform's anti-duplicate check of the same number. */
  'counter.appointments': { request: NumberRequest, response: AppointmentsCheck },
  /** Checks a tax stamp, its amount against what this title costs (title type, reason, birth date). */
  'counter.taxStamp': {
    request: z
      .object({
        number: z.string().trim().min(1).max(40),
        titleType: TitleType,
        reason: ApplicationReason,
        birthDate: z.iso.date(),
      })
      .strict(),
    response: TaxStampCheck,
  },
  /** A code the agent typed (2D-DOC separators as `<GS>`/`<US>`), classified like a scan. */
  'counter.classify': {
    request: z.object({ text: z.string().min(1).max(4096) }).strict(),
    response: CounterScan,
  },
  /** The camera or flatbed fallback: the DataMatrix or QR code in a picture, classified like a scan. */
  'counter.classifyImage': {
    request: z.object({ imageBase64: z.string().min(4).max(12_000_000) }).strict(),
    response: CounterScan,
  },
  /** The last code read by the reader in this session (null when none since the session opened). */
  'counter.lastScan': { request: Empty, response: CounterScan.nullable() },
  /** Demo and training: the simulated reader scans `content`. Refused for real hardware. */
  'counter.simulateScan': {
    request: z
      .object({
        content: z.string().min(1).max(4096),
        symbology: z.enum(counterScanSymbologies).default('datamatrix'),
      })
      .strict(),
    response: z.object({ scanned: z.literal(true) }),
  },
} as const;

export const counterEvents = {
  /** Each code the reader reads, classified (2D-DOC verified). */
  'counter.scan': CounterScan,
} as const;
