/**
 * Is this station enrolled, and for how long? `evaluateEnrollment` is the pure rule (facts in,
 * verdict out, French texts for the agent and the technician); `enrollmentStatus` gathers the
 * facts from a station configuration (its `central` section, the client certificate's validity,
 * the revocation marker left by `recueil enroll renew`). A station that is not enrolled must not
 * capture: `reason` says why and what to do.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REVOKED_MARKER } from './station/files';

export const DEFAULT_RENEW_WARNING_DAYS = 30;
const DAY = 24 * 3600 * 1000;

export interface EnrollmentStatus {
  enrolled: boolean;
  /** When not enrolled: why, in French, with what to do. */
  reason?: string;
  /** ISO date the client certificate expires. */
  expiresAt?: string;
  /** ISO date from which renewal is due (expiry minus the warning period). */
  renewDueAt?: string;
  /** Renewal due soon (French). */
  warning?: string;
}

export interface EnrollmentFacts {
  /** The configuration has a `central` section. */
  configured: boolean;
  /** The client certificate's validity, or "unreadable". */
  certificate?: { notBefore: Date; notAfter: Date } | 'unreadable';
  certificatePath?: string;
  /** Set when the central system answered "station-revoked". */
  revokedAt?: Date;
}

const frDate = (d: Date) => d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

export function evaluateEnrollment(
  facts: EnrollmentFacts,
  now: Date = new Date(),
  warningDays: number = DEFAULT_RENEW_WARNING_DAYS,
): EnrollmentStatus {
  if (!facts.configured)
    return {
      enrolled: false,
      reason:
        'Poste non enrôlé auprès du système central : la saisie est impossible. Un technicien doit lancer « recueil enroll --central URL --code CODE ».',
    };
  if (facts.revokedAt)
    return {
      enrolled: false,
      reason: `Poste révoqué par le système central le ${frDate(facts.revokedAt)} : la saisie est impossible. Ré-enrôlez le poste avec un nouveau code.`,
    };
  const cert = facts.certificate;
  if (!cert || cert === 'unreadable')
    return {
      enrolled: false,
      reason: `Certificat du poste introuvable ou illisible${facts.certificatePath ? ` (${facts.certificatePath})` : ''} : la saisie est impossible. Ré-enrôlez le poste.`,
    };
  const expiresAt = cert.notAfter.toISOString();
  const renewDue = new Date(cert.notAfter.getTime() - warningDays * DAY);
  if (cert.notAfter.getTime() <= now.getTime())
    return {
      enrolled: false,
      expiresAt,
      reason: `Certificat du poste expiré le ${frDate(cert.notAfter)} : la saisie est impossible. Ré-enrôlez le poste avec un nouveau code.`,
    };
  if (cert.notBefore.getTime() > now.getTime())
    return {
      enrolled: false,
      expiresAt,
      reason: `Certificat du poste pas encore valide (à partir du ${frDate(cert.notBefore)}) : vérifiez l’horloge du poste.`,
    };
  const status: EnrollmentStatus = { enrolled: true, expiresAt, renewDueAt: renewDue.toISOString() };
  if (now.getTime() >= renewDue.getTime()) {
    const days = Math.ceil((cert.notAfter.getTime() - now.getTime()) / DAY);
    status.warning = `Le certificat du poste expire le ${frDate(cert.notAfter)} (dans ${days} jour${days > 1 ? 's' : ''}) : lancez « recueil enroll renew ».`;
  }
  return status;
}

/** The `central` part of a station configuration, paths resolved. */
export interface EnrollmentConfig {
  central?: { tls: { cert: string } } | undefined;
}

export function enrollmentFacts(
  config: EnrollmentConfig,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): EnrollmentFacts {
  if (!config.central) return { configured: false };
  const certificatePath = config.central.tls.cert;
  let certificate: EnrollmentFacts['certificate'];
  try {
    const x = new X509Certificate(read(certificatePath));
    certificate = { notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo) };
  } catch {
    certificate = 'unreadable';
  }
  let revokedAt: Date | undefined;
  try {
    const marker = JSON.parse(read(join(dirname(certificatePath), REVOKED_MARKER))) as { revokedAt?: string };
    revokedAt = new Date(marker.revokedAt ?? 0);
  } catch {}
  return { configured: true, certificate, certificatePath, ...(revokedAt ? { revokedAt } : {}) };
}

export function enrollmentStatus(
  config: EnrollmentConfig,
  options: { now?: Date; warningDays?: number; read?: (path: string) => string } = {},
): EnrollmentStatus {
  return evaluateEnrollment(enrollmentFacts(config, options.read), options.now, options.warningDays);
}
