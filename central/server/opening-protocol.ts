/**
 * Messages between the central's main thread and its opening worker (opening-worker.ts,
 * opening-worker-entry.ts): one SealedDossierReader per upload in the worker, fed from shared
 * staging buffers, and the small summary of an opened dossier that finalize.ts needs back (the
 * plaintext never leaves the worker, which zeroes it on dispose).
 */

import type { DispatchClaims } from '../../sync/crypto/claims';
import type { Manifest } from '../../sync/dossier';

export type OpeningRequest =
  | { op: 'begin'; id: number; reader: number; totalLength: number }
  | { op: 'write'; id: number; reader: number; buffer: SharedArrayBuffer; byteOffset: number; length: number }
  | {
      op: 'finish';
      id: number;
      reader: number;
      dispatch: string;
      /** The dispatch's key id and the station key the main thread resolved for it (or null). */
      kid: string | null;
      station: { stationId: string; publicKey: CryptoKey } | null;
    }
  | { op: 'dispose'; id: number; reader: number };

/** What finalize.ts keeps of an opened dossier. */
export interface OpenedSummary {
  dispatch: DispatchClaims;
  dossier: { id: string; kind: 'application' | 'certification' };
  manifest: Manifest;
  attestation: string;
}

export type WireError =
  | { rejected: true; reason: string; message: string }
  | { rejected: false; message: string };

export type OpeningResponse =
  | { id: number; ok: true; value?: OpenedSummary }
  | { id: number; ok: false; error: WireError };
