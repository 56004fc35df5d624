/**
 * `recueil chip inspect DIR`: parses a directory of raw LDS files that anyone may have produced
 * (JMRTD dumps `EF_COM.bin`/`Datagroup1.bin`/`EF_SOD.bin`, or FID names `ef0101.bin`), and reports
 * DG1, DG2, DG3 and the SOD checks in a fixed JSON shape (keys absent when the file is absent).
 * `inspectLdsDirectoryDetailed` adds every parsed file and the per-file errors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type EfCom, parseCom } from '../lds/com';
import { parseCvcaFile } from '../lds/cvca';
import { parseDg1 } from '../lds/dg1';
import { parseDg2 } from '../lds/dg2';
import { parseDg3 } from '../lds/dg3';
import { ldsFileOfName } from '../lds/files';
import type { Mrz } from '../lds/mrz';
import { parseCardAccess, parseDg14, type SecurityInfo } from '../lds/security-infos';
import { type PassiveAuthenticationVerdict, verifyPassiveAuthentication } from '../pa/passive-auth';
import type { TrustStore } from '../pa/trust-store';

export interface InspectJson {
  dg1?: {
    documentType: string;
    issuingState: string;
    documentNumber: string;
    nationality: string;
    dateOfBirth: string;
    sex: string;
    dateOfExpiry: string;
    names: { primaryIdentifier: string; secondaryIdentifier: string };
  };
  sod?: {
    hashAlgorithm: string;
    dataGroups: { dg: number; hashOk: boolean }[];
    signatureOk: boolean;
    signer: { subject: string; issuer: string } | null;
  };
  dg2?: { images: { format: string; width: number; height: number }[] };
  dg3?: { fingers: { position: string; format: string; width: number; height: number; ppi: number }[] };
}

/** Expands an MRZ date YYMMDD to ISO 8601; birth dates in the future roll back a century. */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', now = new Date()): string {
  if (!/^\d{6}$/.test(yymmdd)) return yymmdd;
  const yy = Number(yymmdd.slice(0, 2));
  const current = now.getUTCFullYear() % 100;
  const century = kind === 'expiry' ? (yy >= 70 ? 1900 : 2000) : yy > current ? 1900 : 2000;
  return `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

export function dg1Json(mrz: Mrz): NonNullable<InspectJson['dg1']> {
  return {
    documentType: mrz.documentCode,
    issuingState: mrz.issuingState,
    documentNumber: mrz.documentNumber,
    nationality: mrz.nationality,
    dateOfBirth: mrzDateToIso(mrz.dateOfBirth, 'birth'),
    sex: mrz.sex,
    dateOfExpiry: mrzDateToIso(mrz.dateOfExpiry, 'expiry'),
    names: { primaryIdentifier: mrz.primaryIdentifier, secondaryIdentifier: mrz.secondaryIdentifier },
  };
}

export interface DetailedInspection {
  json: InspectJson;
  files: Record<string, { bytes: number; error?: string }>;
  com?: EfCom;
  dg1?: Mrz;
  dg14?: SecurityInfo[];
  cardAccess?: SecurityInfo[];
  cvca?: string[];
  passiveAuthentication?: PassiveAuthenticationVerdict;
}

export function inspectLdsDirectoryDetailed(
  dir: string,
  options: { trustStore?: TrustStore; at?: Date } = {},
): DetailedInspection {
  const raw = new Map<string, Uint8Array>();
  for (const name of readdirSync(dir).sort()) {
    const info = ldsFileOfName(name);
    const path = join(dir, name);
    if (!info || !statSync(path).isFile()) continue;
    raw.set(info.name, new Uint8Array(readFileSync(path)));
  }
  return inspectLdsFiles(raw, options);
}

/** Parses LDS files held in memory (by LDS name: COM, SOD, DG1...), as `chip inspect` does for a folder. */
export function inspectLdsFiles(
  raw: ReadonlyMap<string, Uint8Array>,
  options: { trustStore?: TrustStore; at?: Date } = {},
): DetailedInspection {
  const files: DetailedInspection['files'] = {};
  for (const [name, bytes] of raw) files[name] = { bytes: bytes.length };
  const result: DetailedInspection = { json: {}, files };
  const attempt = <T>(name: string, parse: (b: Uint8Array) => T): T | undefined => {
    const bytes = raw.get(name);
    if (!bytes) return undefined;
    try {
      return parse(bytes);
    } catch (error) {
      files[name]!.error = (error as Error).message;
      return undefined;
    }
  };
  result.com = attempt('COM', parseCom);
  result.dg14 = attempt('DG14', parseDg14);
  result.cardAccess = attempt('CardAccess', parseCardAccess);
  result.cvca = attempt('CVCA', parseCvcaFile);
  const mrz = attempt('DG1', parseDg1);
  if (mrz) {
    result.dg1 = mrz;
    result.json.dg1 = dg1Json(mrz);
  }
  const dg2 = attempt('DG2', parseDg2);
  if (dg2)
    result.json.dg2 = {
      images: dg2.images.map((i) => ({ format: i.format, width: i.width, height: i.height })),
    };
  const dg3 = attempt('DG3', parseDg3);
  if (dg3)
    result.json.dg3 = {
      fingers: dg3.fingers.map((f) => ({
        position: f.position,
        format: f.format,
        width: f.width,
        height: f.height,
        ppi: f.ppi,
      })),
    };
  const sod = raw.get('SOD');
  if (sod) {
    const dataGroups = new Map<number, Uint8Array>();
    for (const [name, bytes] of raw) {
      const m = /^DG(\d+)$/.exec(name);
      if (m) dataGroups.set(Number(m[1]), bytes);
    }
    const verdict = verifyPassiveAuthentication({
      sod,
      dataGroups,
      trustStore: options.trustStore,
      at: options.at,
    });
    result.passiveAuthentication = verdict;
    const formatOk = verdict.checks.find((c) => c.id === 'sod-format')?.ok;
    if (!formatOk) files.SOD!.error = verdict.checks[0]?.message;
    else
      result.json.sod = {
        hashAlgorithm: verdict.hashAlgorithm ?? 'unknown',
        dataGroups: verdict.dataGroups,
        signatureOk: verdict.signatureOk,
        signer: verdict.signer ? { subject: verdict.signer.subject, issuer: verdict.signer.issuer } : null,
      };
  }
  return result;
}

/** The CLI's JSON for `recueil chip inspect DIR --json`. */
export function inspectLdsDirectory(
  dir: string,
  options: { trustStore?: TrustStore; at?: Date } = {},
): InspectJson {
  return inspectLdsDirectoryDetailed(dir, options).json;
}
