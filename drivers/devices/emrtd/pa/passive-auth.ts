/**
 * Passive authentication (ICAO 9303-11 §5.1): checks that the data groups read are those the
 * issuing State signed. Steps, each reported in the verdict: SOD parsed; signed attributes
 * (content type, message digest of the LDSSecurityObject); SignerInfo signature with the
 * document signer (DS) certificate (RSA PKCS#1 v1.5, RSA-PSS, ECDSA DER or plain); DS validity;
 * DS chained to a CSCA of the trust store (and that CSCA's validity); then the hash of each data
 * group read against the SOD. Verification goes through node:crypto.
 */
import { constants, createHash, verify as cryptoVerify, type KeyObject, X509Certificate } from 'node:crypto';
import { hashOids, parseSod, type SignerInfo, type Sod } from '../lds/sod';
import { decodeOid, equalBytes } from '../tlv/asn1';
import { children } from '../tlv/tlv';
import type { TrustStore } from './trust-store';

export type PaCheckId =
  | 'sod-format'
  | 'content-type'
  | 'message-digest'
  | 'signature'
  | 'signer-validity'
  | 'signer-chain'
  | 'csca-validity'
  | 'data-group-hash';

export interface PaCheck {
  id: PaCheckId;
  ok: boolean;
  /** Data group of a 'data-group-hash' check. */
  dg?: number;
  /** Short French explanation for the operator and the technician. */
  message: string;
}

export interface PassiveAuthenticationVerdict {
  ok: boolean;
  hashAlgorithm?: string;
  signatureOk: boolean;
  /** DS chained to a trusted CSCA and both valid at the verification date. */
  chainOk: boolean;
  chainFailure?: 'untrusted' | 'expired' | 'not-yet-valid' | 'no-certificate';
  dataGroups: { dg: number; hashOk: boolean }[];
  signer?: { subject: string; issuer: string; serialNumber: string; validFrom: string; validTo: string };
  checks: PaCheck[];
}

type Hash = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const signatureAlgorithms: Record<
  string,
  { kind: 'rsa' | 'rsa-pss' | 'ecdsa' | 'ecdsa-plain'; hash?: Hash }
> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { kind: 'rsa-pss' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
  '0.4.0.127.0.7.1.1.4.1.1': { kind: 'ecdsa-plain', hash: 'sha1' },
  '0.4.0.127.0.7.1.1.4.1.2': { kind: 'ecdsa-plain', hash: 'sha224' },
  '0.4.0.127.0.7.1.1.4.1.3': { kind: 'ecdsa-plain', hash: 'sha256' },
  '0.4.0.127.0.7.1.1.4.1.4': { kind: 'ecdsa-plain', hash: 'sha384' },
  '0.4.0.127.0.7.1.1.4.1.5': { kind: 'ecdsa-plain', hash: 'sha512' },
};

function pssParameters(signer: SignerInfo): { hash?: Hash; saltLength: number } {
  let hash: Hash | undefined;
  let saltLength = 20;
  const params = signer.signatureAlgorithm.parameters;
  if (params && params.tag === 0x30) {
    for (const field of children(params)) {
      if (field.tag === 0xa0) {
        const [alg] = children(field);
        const [oid] = alg ? children(alg) : [];
        if (oid) hash = hashOids[decodeOid(oid.value)];
      } else if (field.tag === 0xa2) {
        const [n] = children(field);
        if (n) saltLength = n.value.reduce((a, b) => a * 256 + b, 0);
      }
    }
  }
  return { hash, saltLength };
}

/** Verifies the SignerInfo signature over the signed attributes (or the content without them). */
export function verifySignerSignature(signer: SignerInfo, content: Uint8Array, key: KeyObject): boolean {
  const algorithm = signatureAlgorithms[signer.signatureAlgorithm.oid];
  const digestHash = hashOids[signer.digestAlgorithm.oid];
  if (!algorithm) return false;
  const data = signer.signedAttributesDer ?? content;
  try {
    if (algorithm.kind === 'rsa-pss') {
      const { hash, saltLength } = pssParameters(signer);
      return cryptoVerify(
        hash ?? 'sha1',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
        signer.signature,
      );
    }
    const hash = algorithm.hash ?? digestHash;
    if (!hash) return false;
    if (algorithm.kind === 'ecdsa-plain')
      return cryptoVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signer.signature);
    return cryptoVerify(hash, data, key, signer.signature);
  } catch {
    return false;
  }
}

/** "CN=..., O=..., C=.." from node's multi-line distinguished name. */
export function formatName(name: string): string {
  return name.split('\n').filter(Boolean).reverse().join(', ');
}

function dateOf(text: string): Date {
  return new Date(text);
}

function isoOf(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

function signerCertificate(sod: Sod, signer: SignerInfo): X509Certificate | undefined {
  const certs = sod.signedData.certificates.map((c) => {
    try {
      return new X509Certificate(c);
    } catch {
      return undefined;
    }
  });
  const valid = certs.filter((c): c is X509Certificate => c !== undefined);
  if (signer.serialNumber) {
    const match = valid.find(
      (c) => c.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, '') === signer.serialNumber,
    );
    if (match) return match;
  }
  return valid.length === 1 ? valid[0] : undefined;
}

export interface PassiveAuthenticationInput {
  sod: Uint8Array;
  /** Data groups read, by number, as read (tag included). */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  /** When absent, the chain check fails as untrusted (the other checks still run). */
  trustStore?: TrustStore;
  /** Verification date (default now). */
  at?: Date;
  /** DS certificate when the SOD does not carry it. */
  signerCertificate?: X509Certificate;
}

export function verifyPassiveAuthentication(input: PassiveAuthenticationInput): PassiveAuthenticationVerdict {
  try {
    return verify(input);
  } catch (error) {
    // Defensive: a certificate field node:crypto cannot represent must not crash the read.
    const message = `Vérification impossible : ${(error as Error).message}`;
    return {
      ok: false,
      signatureOk: false,
      chainOk: false,
      dataGroups: [],
      checks: [{ id: 'sod-format', ok: false, message }],
    };
  }
}

function verify(input: PassiveAuthenticationInput): PassiveAuthenticationVerdict {
  const checks: PaCheck[] = [];
  const at = input.at ?? new Date();
  let sod: Sod;
  try {
    sod = parseSod(input.sod);
  } catch (error) {
    checks.push({ id: 'sod-format', ok: false, message: `EF.SOD illisible : ${(error as Error).message}` });
    return { ok: false, signatureOk: false, chainOk: false, dataGroups: [], checks };
  }
  checks.push({ id: 'sod-format', ok: true, message: 'EF.SOD lu' });
  const signer = sod.signedData.signerInfos[0];
  const hashName = sod.securityObject.hashName;

  // Signed attributes
  let signatureOk = false;
  let signerInfo: PassiveAuthenticationVerdict['signer'];
  let chainOk = false;
  let chainFailure: PassiveAuthenticationVerdict['chainFailure'];
  if (!signer) {
    checks.push({ id: 'signature', ok: false, message: 'Aucune signature dans EF.SOD' });
  } else {
    if (signer.signedAttributesDer) {
      checks.push({
        id: 'content-type',
        ok: signer.contentType === sod.signedData.contentType,
        message:
          signer.contentType === sod.signedData.contentType
            ? 'Type de contenu signé conforme'
            : 'Type de contenu signé incohérent',
      });
      const digestHash = hashOids[signer.digestAlgorithm.oid];
      const digestOk =
        digestHash !== undefined &&
        signer.messageDigest !== undefined &&
        equalBytes(
          new Uint8Array(createHash(digestHash).update(sod.signedData.content).digest()),
          signer.messageDigest,
        );
      checks.push({
        id: 'message-digest',
        ok: digestOk,
        message: digestOk ? 'Empreinte du contenu signé conforme' : 'Empreinte du contenu signé incorrecte',
      });
    }
    const ds = input.signerCertificate ?? signerCertificate(sod, signer);
    if (!ds) {
      checks.push({ id: 'signature', ok: false, message: 'Certificat du signataire (DS) absent' });
      chainFailure = 'no-certificate';
    } else {
      signerInfo = {
        subject: formatName(ds.subject),
        issuer: formatName(ds.issuer),
        serialNumber: ds.serialNumber,
        validFrom: isoOf(ds.validFrom),
        validTo: isoOf(ds.validTo),
      };
      let key: KeyObject | undefined;
      try {
        key = ds.publicKey;
      } catch {
        key = undefined;
      }
      signatureOk = key !== undefined && verifySignerSignature(signer, sod.signedData.content, key);
      const attributesOk = checks
        .filter((c) => c.id === 'content-type' || c.id === 'message-digest')
        .every((c) => c.ok);
      signatureOk = signatureOk && attributesOk;
      checks.push({
        id: 'signature',
        ok: signatureOk,
        message: signatureOk ? 'Signature du document valide' : 'Signature du document invalide',
      });
      const dsValid = at >= dateOf(ds.validFrom) && at <= dateOf(ds.validTo);
      checks.push({
        id: 'signer-validity',
        ok: dsValid,
        message: dsValid
          ? 'Certificat du signataire en cours de validité'
          : 'Le certificat du signataire du document a expiré ou n’est pas encore valide',
      });
      const issuers = input.trustStore?.issuersOf(ds) ?? [];
      checks.push({
        id: 'signer-chain',
        ok: issuers.length > 0,
        message:
          issuers.length > 0
            ? `Signataire reconnu par ${formatName(issuers[0]!.subject)}`
            : 'Certificat du document non reconnu : aucune autorité de certification (CSCA) de confiance ne l’a émis',
      });
      const validCsca = issuers.find((ca) => at >= dateOf(ca.validFrom) && at <= dateOf(ca.validTo));
      if (issuers.length > 0)
        checks.push({
          id: 'csca-validity',
          ok: validCsca !== undefined,
          message: validCsca
            ? 'Autorité de certification (CSCA) en cours de validité'
            : 'Le certificat de l’autorité de certification (CSCA) a expiré',
        });
      chainOk = dsValid && validCsca !== undefined;
      chainFailure =
        issuers.length === 0
          ? 'untrusted'
          : !dsValid
            ? at < dateOf(ds.validFrom)
              ? 'not-yet-valid'
              : 'expired'
            : validCsca
              ? undefined
              : 'expired';
    }
  }

  // Data groups
  const dataGroups: { dg: number; hashOk: boolean }[] = [];
  for (const [dg, bytes] of [...input.dataGroups.entries()].sort((a, b) => a[0] - b[0])) {
    const expected = sod.securityObject.dataGroupHashes.get(dg);
    const hashOk =
      expected !== undefined &&
      hashName !== undefined &&
      equalBytes(new Uint8Array(createHash(hashName).update(bytes).digest()), expected);
    dataGroups.push({ dg, hashOk });
    checks.push({
      id: 'data-group-hash',
      dg,
      ok: hashOk,
      message: hashOk
        ? `DG${dg} conforme à la signature`
        : expected === undefined
          ? `DG${dg} absent de EF.SOD`
          : `DG${dg} modifié : son empreinte ne correspond pas`,
    });
  }
  return {
    ok: checks.every((c) => c.ok),
    hashAlgorithm: hashName ?? sod.securityObject.hashAlgorithm.oid,
    signatureOk,
    chainOk,
    chainFailure,
    dataGroups,
    signer: signerInfo,
    checks,
  };
}
