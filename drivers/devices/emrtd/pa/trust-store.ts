/**
 * The CSCA trust store of passive authentication: country signing CA certificates loaded from a
 * directory (PEM or DER: .pem .crt .cer .der) and from ICAO master lists (.ml: CMS SignedData
 * around a CscaMasterList), or given in memory. Certificates are parsed and verified with
 * node:crypto (it accepts the explicit-parameter EC keys common on CSCAs; WebCrypto does not).
 * Note: the master list's own signature is not verified here: the directory is configured by the
 * operator, which is the trust decision.
 */
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData } from '../lds/sod';
import { TAG_SEQUENCE, TAG_SET } from '../tlv/asn1';
import { children, expectTlv } from '../tlv/tlv';

export const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';

export class TrustStore {
  private readonly certificates: X509Certificate[] = [];
  /** Files that could not be read as certificates, with the reason. */
  readonly rejected: { file: string; reason: string }[] = [];

  constructor(certificates: readonly (X509Certificate | Uint8Array)[] = []) {
    for (const c of certificates) this.add(c);
  }

  add(certificate: X509Certificate | Uint8Array): void {
    this.certificates.push(
      certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate),
    );
  }

  get size(): number {
    return this.certificates.length;
  }

  list(): readonly X509Certificate[] {
    return this.certificates;
  }

  /** CSCA certificates whose subject names the certificate's issuer and whose key verifies it. */
  issuersOf(certificate: X509Certificate): X509Certificate[] {
    return this.certificates.filter((ca) => {
      try {
        return certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
      } catch {
        return false;
      }
    });
  }

  /** Loads every certificate and master list of a directory (not recursive). */
  static fromDirectory(dir: string): TrustStore {
    const store = new TrustStore();
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      try {
        if (!statSync(path).isFile()) continue;
        const bytes = new Uint8Array(readFileSync(path));
        if (/\.ml$/i.test(name)) for (const c of certificatesOfMasterList(bytes)) store.add(c);
        else if (/\.(pem|crt|cer|der)$/i.test(name)) for (const c of certificatesOfFile(bytes)) store.add(c);
      } catch (error) {
        store.rejected.push({ file: name, reason: (error as Error).message });
      }
    }
    return store;
  }
}

function certificatesOfFile(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
      (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')),
    );
  }
  return [bytes];
}

/** The certificates of an ICAO CSCA master list (CscaMasterList ::= SEQUENCE { version, certList SET }). */
export function certificatesOfMasterList(bytes: Uint8Array): Uint8Array[] {
  const signed = parseSignedData(bytes);
  const list = expectTlv(signed.content, TAG_SEQUENCE, 'CscaMasterList');
  const certSet = children(list).find((t) => t.tag === TAG_SET);
  return certSet ? children(certSet).map((c) => c.raw) : [];
}
