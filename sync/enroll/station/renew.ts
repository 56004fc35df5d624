/**
 * `recueil enroll renew`: a new client certificate before the current one expires, obtained over
 * the mutual-TLS connection with the current identity (POST /v1/renew with a CSR for a fresh TLS
 * key). The new certificate and key go to new files and station.json is switched to them in one
 * atomic rewrite, so a crash leaves the old identity or the new one, never a mix. A "revoked"
 * answer leaves a marker that enrollmentStatus reports.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { loadTlsMaterial } from '../../config/material';
import { loadStationFile } from '../../config/station-file';
import { createCsr } from '../../pki/csr';
import { centralBaseUrl } from '../../sender/central-url';
import { RENEW_PATH, RenewResponse } from '../protocol';
import { EnrollError } from './enroll';
import { REVOKED_MARKER, readJsonIfExists, writeAtomic, writePrivate } from './files';
import { openPinned, postJson } from './https';

export interface RenewResult {
  stationId: string;
  notAfter: string;
  certFile: string;
}

export async function renewCertificate(configFile: string, now = new Date()): Promise<RenewResult> {
  const file = resolve(configFile);
  const config = loadStationFile(file);
  const tls = await loadTlsMaterial(config.settings);
  const url = new URL(RENEW_PATH, `${centralBaseUrl(config.settings)}/`);
  const csr = await createCsr(config.stationId);
  let answer: Awaited<ReturnType<typeof postJson>>;
  try {
    const connection = await openPinned(url, { ca: tls.ca, cert: tls.cert, key: tls.key });
    answer = await postJson(connection, url, { csr: csr.csr });
  } catch (error) {
    throw new EnrollError(
      `Renouvellement impossible : ${(error as Error).message} (certificat du poste expiré ou refusé : ré-enrôlez le poste).`,
      'unreachable',
      { cause: error },
    );
  }
  const certDir = dirname(config.settings.tls.cert);
  if (answer.status === 403 && answer.body.error === 'station-revoked') {
    await writeAtomic(join(certDir, REVOKED_MARKER), `${JSON.stringify({ revokedAt: now.toISOString() })}\n`);
    throw new EnrollError(
      'Poste révoqué par le système central : il ne peut plus envoyer de dossiers. Ré-enrôlez-le avec un nouveau code.',
      'station-revoked',
    );
  }
  const parsed = RenewResponse.safeParse(answer.body);
  if (answer.status !== 200 || !parsed.success)
    throw new EnrollError(
      `Renouvellement refusé par le système central (HTTP ${answer.status}${typeof answer.body.message === 'string' ? ` : ${answer.body.message}` : ''}).`,
      typeof answer.body.error === 'string' ? answer.body.error : 'protocol-error',
    );
  const cert = new X509Certificate(parsed.data.certificate);
  const oldCert = new X509Certificate(tls.cert);
  if (
    !cert.checkPrivateKey(createPrivateKey(csr.key)) ||
    cert.issuer !== oldCert.issuer ||
    cert.subject !== oldCert.subject
  )
    throw new EnrollError(
      'Certificat renouvelé incohérent : conservé l’ancien par sécurité.',
      'protocol-error',
    );

  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const certFile = join(certDir, `client-${stamp}.pem`);
  const keyFile = join(dirname(config.settings.tls.key), `client-key-${stamp}.pem`);
  await writeAtomic(certFile, parsed.data.certificate);
  await writePrivate(keyFile, csr.key);
  const raw = (await readJsonIfExists(file)) as { central: { tls: Record<string, string> } };
  const baseDir = dirname(file);
  raw.central.tls = {
    ...raw.central.tls,
    cert: relative(baseDir, certFile),
    key: relative(baseDir, keyFile),
  };
  await writeAtomic(file, `${JSON.stringify(raw, null, 2)}\n`);
  // The superseded files go once the configuration points at the new ones.
  for (const old of [config.settings.tls.cert, config.settings.tls.key])
    if (basename(old) !== basename(certFile) && basename(old) !== basename(keyFile))
      await fs.rm(old, { force: true });
  return { stationId: config.stationId, notAfter: parsed.data.notAfter, certFile };
}
