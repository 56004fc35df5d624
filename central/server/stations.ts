/**
 * The central's registry of enrolled stations: station id -> public signing key, indexed by key
 * id (RFC 7638 thumbprint) to resolve the signer of a dispatch. The mTLS certificate says which
 * station is connected; this registry says which key that station signs with.
 */
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { SIGNATURE_ALG } from '../../sync/crypto/algorithms';
import type { StationKeyResolver } from '../../sync/crypto/central';

export interface StationRegistry {
  isEnrolled(stationId: string): boolean;
  resolve: StationKeyResolver;
  /** Revoked station, or a revoked certificate serial (upper-case hex); see sync/enroll. */
  isRevoked?(stationId: string, serial: string | undefined): boolean;
}

export async function stationRegistry(
  stations: readonly { id: string; publicJwk: Record<string, unknown> }[],
): Promise<StationRegistry> {
  const byKid = new Map<string, { stationId: string; publicKey: CryptoKey }>();
  const ids = new Set<string>();
  for (const station of stations) {
    const jwk = station.publicJwk as JWK;
    const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    const kid = await calculateJwkThumbprint(pub);
    byKid.set(kid, {
      stationId: station.id,
      publicKey: (await importJWK(pub, SIGNATURE_ALG)) as CryptoKey,
    });
    ids.add(station.id);
  }
  return {
    isEnrolled: (stationId) => ids.has(stationId),
    resolve: async (kid) => byKid.get(kid),
  };
}
