/**
 * The project's own EAC test PKI (fictional country "UT", Utopia): a CVCA, a domestic DV and an
 * inspection system (IS) with the DG3 right, ECDSA-SHA-256 on brainpoolP256r1, generated at run
 * time. Also variants for the negative tests (expired IS, IS without DG3). Never for production.
 */
import { curves } from '../crypto/curves';
import { generateKeyPair, generator, type RandomSource, systemRandom } from '../crypto/ec';
import { buildCvCertificate, type CvRole } from './cv-certificate';
import { SoftwareTerminalSigner } from './terminal-signer';

export interface EacTestPki {
  cvca: Uint8Array;
  dv: Uint8Array;
  is: Uint8Array;
  cvcaReference: string;
  signer: SoftwareTerminalSigner;
}

export interface EacTestPkiOptions {
  /** ISO date range of the IS certificate (default: a year around today). */
  isEffective?: string;
  isExpiry?: string;
  /** Rights of the IS certificate (default 0x01: DG3). */
  isRights?: number;
  random?: RandomSource;
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}

export function createEacTestPki(options: EacTestPkiOptions = {}): EacTestPki {
  const random = options.random ?? systemRandom;
  const curve = curves.brainpoolP256r1;
  const G = generator(curve);
  const cvcaKey = generateKeyPair(curve, G, random);
  const dvKey = generateKeyPair(curve, G, random);
  const isKey = generateKeyPair(curve, G, random);
  const cvcaReference = 'UTCVCA00001';
  const issue = (
    role: CvRole,
    car: string,
    chr: string,
    key: typeof cvcaKey,
    signerKey: bigint,
    rights: number,
    from: string,
    to: string,
  ) =>
    buildCvCertificate(
      {
        car,
        chr,
        role,
        rights,
        effectiveDate: from,
        expirationDate: to,
        hash: 'sha256',
        curve,
        publicKey: key.publicKey,
        includeDomain: role === 'cvca',
      },
      { curve, privateKey: signerKey, hash: 'sha256' },
      random,
    );
  const cvca = issue(
    'cvca',
    cvcaReference,
    cvcaReference,
    cvcaKey,
    cvcaKey.privateKey,
    0x03,
    isoDay(-400),
    isoDay(3 * 365),
  );
  const dv = issue(
    'dv-domestic',
    cvcaReference,
    'UTDVRECUEIL01',
    dvKey,
    cvcaKey.privateKey,
    0x03,
    isoDay(-30),
    isoDay(365),
  );
  const is = issue(
    'is',
    'UTDVRECUEIL01',
    'UTISMAIRIE0001',
    isKey,
    dvKey.privateKey,
    options.isRights ?? 0x01,
    options.isEffective ?? isoDay(-1),
    options.isExpiry ?? isoDay(30),
  );
  return {
    cvca,
    dv,
    is,
    cvcaReference,
    signer: new SoftwareTerminalSigner(
      [dv, is],
      { curve, privateKey: isKey.privateKey, hash: 'sha256' },
      random,
    ),
  };
}
