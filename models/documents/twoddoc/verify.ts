/**
 * Verifies a parsed 2D-DOC offline against the station's trust list: the issuing authority's
 * certificate named by the header (authority id + certificate id), its validity at the signing
 * date, its revocation, the ECDSA signature (r||s, SHA-256/384/512 by curve) over the exact signed
 * bytes, and the document's own expiry (field 08). The verdict is what the agent acts on.
 */
import { createPublicKey, type KeyObject, verify as verifySignature } from 'node:crypto';
import type { ParsedTwoDDoc } from './parse';
import { hexDaysToDate } from './parse';
import type { TrustList } from './trust';

export type SignatureStatus = 'valid' | 'invalid' | 'unknown_certificate' | 'revoked' | 'absent';
export type Verdict = 'authentic' | 'altered' | 'unknown_certificate' | 'revoked' | 'expired' | 'unsigned';

export interface Verification {
  signature: SignatureStatus;
  verdict: Verdict;
  /** One French sentence for the agent. */
  message: string;
}

const messages: Record<Verdict, string> = {
  authentic: 'Justificatif authentique : comparez les données signées avec le document papier.',
  altered: 'Justificatif altéré : la signature ne correspond pas au contenu. Refusez ce justificatif.',
  unknown_certificate:
    'Autorité de certification inconnue du poste : l’authenticité ne peut pas être établie (liste de confiance à mettre à jour ?).',
  revoked: 'Le certificat de l’émetteur est révoqué : refusez ce justificatif.',
  expired: 'Document expiré : demandez un justificatif en cours de validité.',
  unsigned: 'Ce code ne porte pas de signature : l’authenticité ne peut pas être établie.',
};

function hashFor(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'secp384r1') return 'sha384';
  if (curve === 'secp521r1') return 'sha512';
  return 'sha256';
}

function outcome(signature: SignatureStatus, verdict: Verdict): Verification {
  return { signature, verdict, message: messages[verdict] };
}

export function verifyTwoDDoc(doc: ParsedTwoDDoc, trust: TrustList, now = new Date()): Verification {
  if (!doc.signature) return outcome('absent', 'unsigned');
  const entry = trust.find(doc.header.authority, doc.header.certificate);
  if (!entry) return outcome('unknown_certificate', 'unknown_certificate');
  if (entry.revoked) return outcome('revoked', 'revoked');
  const key = createPublicKey(entry.certificatePem);
  const valid = verifySignature(
    hashFor(key),
    doc.signedBytes,
    { key, dsaEncoding: 'ieee-p1363' },
    doc.signature,
  );
  if (!valid) return outcome('invalid', 'altered');
  const signedAt = doc.header.signed ? new Date(`${doc.header.signed}T12:00:00Z`) : undefined;
  if (signedAt && (signedAt < entry.notBefore || signedAt > entry.notAfter)) {
    // Signed outside the certificate's validity: the key was not entitled to sign then.
    return outcome('invalid', 'altered');
  }
  const expiry = doc.fields['08'];
  if (expiry) {
    const date = hexDaysToDate(expiry);
    if (date && new Date(`${date}T23:59:59Z`) < now) return outcome('valid', 'expired');
  }
  return outcome('valid', 'authentic');
}
