/**
 * Checks an agent certificate read from the card, with node:crypto's X509Certificate: it must be
 * issued and signed by one of the configured agent CAs (itself a CA certificate within its validity),
 * be within its own validity at `now`, and carry exactly one role OID (roles.ts). Yields the
 * agent's pseudonymous id, `AG-` + the certificate serial number in upper-case hex: the id the
 * station records in logs and the audit log; and the holder's name (subject CN), for the screen only
 * (the header shows who is signed in), never logged nor audited.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { DeviceError } from '../../core/errors';
import { type AgentRole, roleFromOids } from './roles';

export interface AgentIdentity {
  /** Pseudonymous agent id: `AG-<certificate serial, hex>`. */
  agentId: string;
  role: AgentRole;
  /** The holder's name (subject CN), for display only: never logged nor audited. */
  holderName?: string;
  /** End of the certificate's validity (the UI can warn ahead of renewal). */
  notAfter: Date;
  /** SHA-256 fingerprint of the agent certificate (diagnostics). */
  fingerprint256: string;
  /** The certificate's public key: what the card must prove it holds. */
  publicKey: KeyObject;
}

export type CertificateProblem =
  | 'malformed'
  | 'untrusted'
  | 'expired'
  | 'not-yet-valid'
  | 'no-role'
  | 'ambiguous-role';

const problemMessages: Record<CertificateProblem, string> = {
  malformed: 'Carte agent illisible : certificat invalide',
  untrusted: "Carte agent non reconnue : elle n'a pas été émise par l'autorité des agents de cette mairie",
  expired: 'Carte agent expirée : demandez son renouvellement',
  'not-yet-valid': "Carte agent pas encore valide : vérifiez la date de l'ordinateur",
  'no-role': 'Carte agent sans rôle sur ce poste',
  'ambiguous-role': 'Carte agent avec plusieurs rôles : refusée',
};

export class AgentCertificateError extends DeviceError {
  constructor(readonly problem: CertificateProblem) {
    super('operator', `AGENT_CERT_${problem.toUpperCase().replace(/-/g, '_')}`, problemMessages[problem], {
      prompt: `${problemMessages[problem]}. Retirez la carte.`,
    });
    this.name = 'AgentCertificateError';
  }
}

function within(cert: X509Certificate, now: Date): 'ok' | 'expired' | 'not-yet-valid' {
  if (now.getTime() < Date.parse(cert.validFrom)) return 'not-yet-valid';
  if (now.getTime() > Date.parse(cert.validTo)) return 'expired';
  return 'ok';
}

/** The subject's CN (node:crypto writes one `KEY=value` per line), trimmed and bounded. */
function commonName(subject: string): string | undefined {
  const line = subject.split('\n').find((l) => l.startsWith('CN='));
  const name = line?.slice(3).trim().slice(0, 80);
  return name ? name : undefined;
}

/** Parses DER or PEM trust anchors once (configuration load). */
export function parseTrustAnchors(anchors: readonly (Uint8Array | string)[]): X509Certificate[] {
  return anchors.map((a) => new X509Certificate(typeof a === 'string' ? a : Buffer.from(a)));
}

export function verifyAgentCertificate(
  der: Uint8Array,
  trustAnchors: readonly X509Certificate[],
  now: Date = new Date(),
): AgentIdentity {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(der));
  } catch {
    throw new AgentCertificateError('malformed');
  }
  const issuer = trustAnchors.find(
    (ca) => ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey) && within(ca, now) === 'ok',
  );
  if (!issuer || cert.ca) throw new AgentCertificateError('untrusted');
  const validity = within(cert, now);
  if (validity !== 'ok') throw new AgentCertificateError(validity);
  const role = roleFromOids(cert.keyUsage ?? []);
  if (role === 'none') throw new AgentCertificateError('no-role');
  if (role === 'ambiguous') throw new AgentCertificateError('ambiguous-role');
  const holderName = commonName(cert.subject);
  return {
    agentId: `AG-${cert.serialNumber.toUpperCase()}`,
    role,
    ...(holderName ? { holderName } : {}),
    notAfter: new Date(cert.validTo),
    fingerprint256: cert.fingerprint256,
    publicKey: cert.publicKey,
  };
}
