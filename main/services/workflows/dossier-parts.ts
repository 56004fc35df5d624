/**
 * The dossier-parts builder shared by every workflow that queues a dossier (application,
 * certification, and the complement and handover dossiers to come): a workflow says which
 * sections it has captured, the builder turns each section into the parts the sync host's
 * `submit` takes (name, media type, base64), in one fixed order, with the catalogue's names
 * (sync/dossier/parts.ts, which validates the content again when the dossier is sealed).
 *
 * Every section is optional, so a dossier made of some parts only is a call with those sections:
 * a complementary portrait is `dossierParts({ portrait })`.
 */
import type { z } from 'zod';
import type { FingerPosition } from '../../../common/domain';
import type {
  ApplicationDetails as ApplicationDetailsSchema,
  CertificationResult as CertificationResultSchema,
  FingerprintsQuality as FingerprintsQualitySchema,
  SignatureStrokes as SignatureStrokesSchema,
} from '../../../sync/dossier/parts';
import type { FingerSlot } from '../../contract/application';

type ApplicationDetails = z.infer<typeof ApplicationDetailsSchema>;
type CertificationResult = z.infer<typeof CertificationResultSchema>;
type FingerprintsQuality = z.infer<typeof FingerprintsQualitySchema>;
type SignatureStrokes = z.infer<typeof SignatureStrokesSchema>;

/** A part as the sync host's `submit` command takes it. */
export interface DossierPart {
  name: string;
  mediaType: string;
  base64: string;
}

/** The portrait and the outcome of its ICAO checks (the criteria that failed, by id). */
export interface PortraitSection {
  jpegBase64: string;
  compliant: boolean;
  failedCriteria: readonly string[];
}

/**
 * Finger images, one part each, and, when `slots` are given, the `fingerprints.quality` part that
 * says for each finger the agent handled whether it was captured (with its best quality), missing
 * or unusable. A slot still pending is reported unusable.
 */
export interface FingerprintsSection {
  images: readonly { finger: FingerPosition; pngBase64: string }[];
  slots?: readonly FingerSlot[];
}

/** The pen trajectory as the pad captured it, and its rendering. */
export interface SignatureSection {
  strokes: SignatureStrokes;
  pngBase64: string;
}

export interface DossierSections {
  application?: ApplicationDetails;
  certification?: CertificationResult;
  portrait?: PortraitSection;
  fingerprints?: FingerprintsSection;
  signature?: SignatureSection;
}

/** The number of ICAO portrait criteria the quality score is counted on. */
const PORTRAIT_CRITERIA = 20;

const jsonPart = (name: string, value: unknown): DossierPart => ({
  name,
  mediaType: 'application/json',
  base64: Buffer.from(JSON.stringify(value), 'utf8').toString('base64'),
});

/** `portrait.quality`: a 0-100 score (share of criteria passed), the verdict and the failed checks. */
export function portraitQuality(portrait: PortraitSection) {
  const failed = Math.min(PORTRAIT_CRITERIA, portrait.failedCriteria.length);
  return {
    score: Math.round((100 * (PORTRAIT_CRITERIA - failed)) / PORTRAIT_CRITERIA),
    compliant: portrait.compliant,
    failedChecks: [...portrait.failedCriteria],
  };
}

/** `fingerprints.quality` from the finger slots (NFIQ 2 score only for a captured finger). */
export function fingerprintsQuality(slots: readonly FingerSlot[]): FingerprintsQuality {
  return {
    fingers: slots.map((slot) => ({
      finger: slot.finger,
      status: slot.status === 'pending' ? 'unusable' : slot.status,
      ...(slot.status === 'captured' && slot.bestQuality !== undefined ? { nfiq2: slot.bestQuality } : {}),
      ...(slot.reason ? { reason: slot.reason } : {}),
    })),
  };
}

function portraitParts(portrait: PortraitSection): DossierPart[] {
  return [
    { name: 'portrait', mediaType: 'image/jpeg', base64: portrait.jpegBase64 },
    jsonPart('portrait.quality', portraitQuality(portrait)),
  ];
}

function fingerprintParts(fingerprints: FingerprintsSection): DossierPart[] {
  const images = fingerprints.images.map((image) => ({
    name: `fingerprint.${image.finger}`,
    mediaType: 'image/png',
    base64: image.pngBase64,
  }));
  const slots = fingerprints.slots ?? [];
  return slots.length > 0
    ? [...images, jsonPart('fingerprints.quality', fingerprintsQuality(slots))]
    : images;
}

function signatureParts(signature: SignatureSection): DossierPart[] {
  return [
    jsonPart('signature.strokes', signature.strokes),
    { name: 'signature.image', mediaType: 'image/png', base64: signature.pngBase64 },
  ];
}

/**
 * The parts of the sections given, in the dossier's order: application, certification, portrait,
 * fingerprints, signature. Throws when no section yields a part (a dossier has at least one).
 */
export function dossierParts(sections: DossierSections): DossierPart[] {
  const parts = [
    ...(sections.application ? [jsonPart('application', sections.application)] : []),
    ...(sections.certification ? [jsonPart('certification', sections.certification)] : []),
    ...(sections.portrait ? portraitParts(sections.portrait) : []),
    ...(sections.fingerprints ? fingerprintParts(sections.fingerprints) : []),
    ...(sections.signature ? signatureParts(sections.signature) : []),
  ];
  if (parts.length === 0) throw new Error('a dossier needs at least one part');
  return parts;
}
