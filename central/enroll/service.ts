/**
 * The central side of enrollment: issues one-time codes, enrolls a station that proves it holds
 * a code (certificate from the station CA, signing key registered), renews the certificate of an
 * enrolled station, revokes stations, and wraps the configured station registry so stations
 * enrolled or revoked at run time are seen at once (the ledger is re-read when it changes).
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { SIGNATURE_ALG } from '../../sync/crypto/algorithms';
import {
  codeKey,
  type EnrollErrorBody,
  type EnrollPayload,
  EnrollRequest,
  formatCode,
  normalizeFingerprint,
  RenewRequest,
  randomCode,
  requestProof,
  responseMac,
  sameMac,
} from '../../sync/enroll/protocol';
import { CsrError, issueFromCsr } from '../../sync/pki/csr';
import type { StationRegistry } from '../server/stations';
import { type EnrollmentLedger, EnrollmentStateFile, ledgerPath } from './state';

const STATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export class EnrollmentError extends Error {
  constructor(
    readonly status: number,
    readonly code: EnrollErrorBody['error'],
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }

  body(): EnrollErrorBody {
    return { error: this.code, message: this.message };
  }
}

export interface EnrollmentServiceOptions {
  dataDir: string;
  stationCaPem: string;
  stationCaKeyPem: string;
  serverCaPem: string;
  serverCertPem: string;
  centralPublicKeys: { encryption: JWK; receipts: JWK };
  /** Stations listed in central.json (an unbound code cannot take over their id). */
  configuredStations: readonly string[];
  certificateDays: number;
  /** The mutual-TLS URL handed to stations (known once the main listener is up). */
  url: () => string;
  now?: () => Date;
}

export interface IssuedCode {
  code: string;
  stationId?: string;
  expiresAt: string;
}

export interface EnrollmentService {
  enroll(body: unknown, client: string): Promise<{ payload: string; mac: string }>;
  renew(stationId: string, body: unknown): Promise<{ certificate: string; notAfter: string }>;
  /** The configured registry plus stations enrolled here, minus revoked ones. */
  registry(base: StationRegistry): StationRegistry;
}

/** Issues a one-time code (the CLI runs this; the server may be running). */
export function issueEnrollmentCode(
  dataDir: string,
  options: { stationId?: string; ttlMinutes: number; now?: Date },
): IssuedCode {
  if (options.stationId !== undefined && !STATION_ID.test(options.stationId))
    throw new Error(`--station-id: invalid station id "${options.stationId}"`);
  const code = randomCode(randomBytes);
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + options.ttlMinutes * 60_000).toISOString();
  new EnrollmentStateFile(ledgerPath(dataDir)).update((ledger) => {
    // Forget codes that expired more than a day ago.
    ledger.codes = ledger.codes.filter((c) => Date.parse(c.expiresAt) > now.getTime() - 24 * 3600_000);
    ledger.codes.push({
      key: codeKey(code).toString('hex'),
      ...(options.stationId ? { stationId: options.stationId } : {}),
      createdAt: now.toISOString(),
      expiresAt,
    });
  });
  return {
    code: formatCode(code),
    ...(options.stationId ? { stationId: options.stationId } : {}),
    expiresAt,
  };
}

/** Revokes a station: its requests are refused (403 station-revoked) and its certificates for good. */
export function revokeStation(
  dataDir: string,
  stationId: string,
  configuredStations: readonly string[],
  now = new Date(),
): { known: boolean } {
  return new EnrollmentStateFile(ledgerPath(dataDir)).update((ledger) => {
    const entry = ledger.stations.find((s) => s.id === stationId);
    const known = entry !== undefined || configuredStations.includes(stationId);
    if (!known) return { known };
    ledger.revokedStations[stationId] = now.toISOString();
    for (const serial of entry?.serials ?? [])
      if (!ledger.revokedSerials.includes(serial)) ledger.revokedSerials.push(serial);
    return { known };
  });
}

export function createEnrollmentService(options: EnrollmentServiceOptions): EnrollmentService {
  const state = new EnrollmentStateFile(ledgerPath(options.dataDir));
  const now = () => options.now?.() ?? new Date();
  const serverFingerprint = normalizeFingerprint(new X509Certificate(options.serverCertPem).fingerprint256);
  const failures = new Map<string, { count: number; since: number }>();

  const checkRate = (client: string) => {
    const entry = failures.get(client);
    if (entry && now().getTime() - entry.since > FAILURE_WINDOW_MS) failures.delete(client);
    if ((failures.get(client)?.count ?? 0) >= MAX_FAILURES)
      throw new EnrollmentError(429, 'too-many-attempts', 'too many failed enrollment attempts; try later');
  };
  const fail = (client: string, error: EnrollmentError): never => {
    const entry = failures.get(client) ?? { count: 0, since: now().getTime() };
    entry.count++;
    failures.set(client, entry);
    throw error;
  };

  const issue = async (csrPem: string, stationId: string) => {
    try {
      return await issueFromCsr({
        csrPem,
        caCertPem: options.stationCaPem,
        caKeyPem: options.stationCaKeyPem,
        commonName: stationId,
        days: options.certificateDays,
        now: now(),
      });
    } catch (error) {
      if (error instanceof CsrError) throw new EnrollmentError(400, 'bad-request', error.message);
      throw error;
    }
  };

  const kidCache = new WeakMap<EnrollmentLedger, Map<string, { stationId: string; jwk: JWK }>>();
  const keyCache = new Map<string, CryptoKey>();
  async function ledgerKids(ledger: EnrollmentLedger) {
    let kids = kidCache.get(ledger);
    if (!kids) {
      kids = new Map();
      for (const s of ledger.stations) {
        const jwk = { kty: s.publicJwk.kty, crv: s.publicJwk.crv, x: s.publicJwk.x, y: s.publicJwk.y };
        kids.set(await calculateJwkThumbprint(jwk), { stationId: s.id, jwk });
      }
      kidCache.set(ledger, kids);
    }
    return kids;
  }

  return {
    async enroll(body, client) {
      checkRate(client);
      const parsed = EnrollRequest.safeParse(body);
      if (!parsed.success)
        throw new EnrollmentError(400, 'bad-request', 'expected { codeProof, csr, signingJwk }');
      const request = parsed.data;
      const signingJwk = {
        kty: request.signingJwk.kty,
        crv: request.signingJwk.crv,
        x: request.signingJwk.x,
        y: request.signingJwk.y,
      };
      const kid = await calculateJwkThumbprint(signingJwk);
      await importJWK(signingJwk, SIGNATURE_ALG).catch(() => {
        throw new EnrollmentError(400, 'bad-request', 'signingJwk is not a valid P-256 public key');
      });
      const at = now().getTime();
      const code = state
        .read()
        .codes.find((c) =>
          sameMac(
            requestProof(Buffer.from(c.key, 'hex'), serverFingerprint, request.csr, kid),
            request.codeProof,
          ),
        );
      if (!code)
        return fail(client, new EnrollmentError(401, 'enrollment-code-invalid', 'unknown enrollment code'));
      if (code.usedAt)
        return fail(
          client,
          new EnrollmentError(410, 'enrollment-code-used', 'this enrollment code was already used'),
        );
      if (Date.parse(code.expiresAt) <= at)
        return fail(
          client,
          new EnrollmentError(410, 'enrollment-code-expired', 'this enrollment code has expired'),
        );
      if (code.stationId && request.stationId && code.stationId !== request.stationId)
        throw new EnrollmentError(
          409,
          'station-id-mismatch',
          `this code is for station ${code.stationId}, not ${request.stationId}`,
        );
      const stationId = code.stationId ?? request.stationId;
      if (!stationId || !STATION_ID.test(stationId))
        throw new EnrollmentError(
          400,
          'station-id-required',
          'the code names no station: send a valid stationId',
        );
      if (!code.stationId) {
        const ledger = state.read();
        const taken =
          (options.configuredStations.includes(stationId) ||
            ledger.stations.some((s) => s.id === stationId)) &&
          !ledger.revokedStations[stationId];
        if (taken)
          throw new EnrollmentError(409, 'station-exists', `station ${stationId} is already enrolled`);
      }
      const issued = await issue(request.csr, stationId);
      const serial = issued.serial.toUpperCase();
      state.update((ledger) => {
        const fresh = ledger.codes.find((c) => c.key === code.key);
        if (!fresh || fresh.usedAt)
          throw new EnrollmentError(410, 'enrollment-code-used', 'this enrollment code was already used');
        fresh.usedAt = new Date(at).toISOString();
        fresh.usedBy = stationId;
        const previous = ledger.stations.find((s) => s.id === stationId);
        ledger.stations = ledger.stations.filter((s) => s.id !== stationId);
        ledger.stations.push({
          id: stationId,
          publicJwk: signingJwk as EnrollmentLedger['stations'][number]['publicJwk'],
          serials: [...(previous?.serials ?? []), serial],
          enrolledAt: new Date(at).toISOString(),
          notAfter: issued.notAfter.toISOString(),
        });
        delete ledger.revokedStations[stationId];
      });
      const payload: EnrollPayload = {
        stationId,
        certificate: issued.cert,
        notAfter: issued.notAfter.toISOString(),
        stationCa: options.stationCaPem,
        serverCa: options.serverCaPem,
        url: options.url(),
        centralKeys: {
          encryption: options.centralPublicKeys.encryption as EnrollPayload['centralKeys']['encryption'],
          receipts: options.centralPublicKeys.receipts as EnrollPayload['centralKeys']['receipts'],
        },
      };
      const text = JSON.stringify(payload);
      return { payload: text, mac: responseMac(Buffer.from(code.key, 'hex'), text) };
    },

    async renew(stationId, body) {
      const parsed = RenewRequest.safeParse(body);
      if (!parsed.success) throw new EnrollmentError(400, 'bad-request', 'expected { csr }');
      const issued = await issue(parsed.data.csr, stationId);
      state.update((ledger) => {
        const entry = ledger.stations.find((s) => s.id === stationId);
        if (entry) {
          entry.serials.push(issued.serial.toUpperCase());
          entry.notAfter = issued.notAfter.toISOString();
        }
      });
      return { certificate: issued.cert, notAfter: issued.notAfter.toISOString() };
    },

    registry(base) {
      const revoked = (id: string) => state.read().revokedStations[id] !== undefined;
      return {
        isEnrolled: (id) =>
          !revoked(id) && (base.isEnrolled(id) || state.read().stations.some((s) => s.id === id)),
        isRevoked: (id, serial) =>
          revoked(id) || (serial !== undefined && state.read().revokedSerials.includes(serial.toUpperCase())),
        async resolve(kid) {
          const ledger = state.read();
          const own = (await ledgerKids(ledger)).get(kid);
          if (own) {
            if (revoked(own.stationId)) return undefined;
            let publicKey = keyCache.get(kid);
            if (!publicKey) {
              publicKey = (await importJWK(own.jwk, SIGNATURE_ALG)) as CryptoKey;
              keyCache.set(kid, publicKey);
            }
            return { stationId: own.stationId, publicKey };
          }
          const found = await base.resolve(kid);
          return found && revoked(found.stationId) ? undefined : found;
        },
      };
    },
  };
}
