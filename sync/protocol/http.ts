/**
 * The HTTP protocol between station and central system, shared by sync/client and central/server so
 * they cannot drift. Everything runs over HTTPS with mutual TLS: the station is identified by its
 * client certificate (CN = station id), never by anything in the request.
 *
 *   GET   /v1/health                      200 { stationId }: TLS, certificate and enrollment are fine
 *   tus 1.0.0 (creation, creation-with-upload, termination) under /v1/uploads/
 *         upload URL = /v1/uploads/<dossierId>: deterministic, so a retry resumes by asking its offset
 *         (HEAD) and never needs client-side state; Upload-Metadata carries `dossier-id` and
 *         `dispatch` (the station-signed statement naming the ciphertext SHA-256 and size).
 *         The PATCH (or POST) that completes the upload is answered once the dossier is verified,
 *         decrypted, validated and stored, with the signed receipt in the `Recueil-Receipt` header.
 *   POST  /v1/dossiers/<id>/finalize      200 { receipt }: completes an upload whose bytes all
 *         arrived but whose final response was lost (the tus client then sees a complete upload on
 *         HEAD and sends no PATCH); 404 { error: "upload-not-found" } when there is nothing to finalize.
 *   POST  /v1/renew                       200 { certificate, notAfter }: a new client certificate for
 *         the calling station (sync/enroll/protocol.ts); a revoked station gets 403 station-revoked.
 *   GET   /v1/dossiers/<id>/receipt       200 { receipt } | 404: the receipt of a stored dossier, for
 *         a station that crashed between the upload and recording the receipt, and for duplicates.
 *   GET   /v1/time                        200 { receivedAt, transmittedAt }: the central's clock, for
 *         the station's NTP-style offset measurement (time.ts).
 *
 * Errors have a JSON body { error, message, retryable }: `retryable: false` means the central
 * system will never accept this ciphertext (bad signature, undecryptable, invalid dossier, a
 * different ciphertext already stored under the same id): the station parks the dossier.
 */

export const API_PREFIX = '/v1';
export const UPLOADS_PATH = `${API_PREFIX}/uploads`;
export const HEALTH_PATH = `${API_PREFIX}/health`;
export const uploadUrlPath = (dossierId: string) => `${UPLOADS_PATH}/${dossierId}`;
export const finalizePath = (dossierId: string) => `${API_PREFIX}/dossiers/${dossierId}/finalize`;
export const receiptPath = (dossierId: string) => `${API_PREFIX}/dossiers/${dossierId}/receipt`;

export const RECEIPT_HEADER = 'Recueil-Receipt';
export const METADATA_DOSSIER_ID = 'dossier-id';
export const METADATA_DISPATCH = 'dispatch';
/** Set by the server from the client certificate; a client-sent value is overwritten. */
export const METADATA_STATION = 'station';

export type ErrorCode =
  | 'station-not-enrolled'
  | 'station-revoked'
  | 'certificate-required'
  | 'not-owner'
  | 'bad-request'
  | 'upload-not-found'
  | 'upload-incomplete'
  | 'offset-mismatch'
  | 'too-large'
  | 'transfer-corrupted'
  | 'rejected'
  | 'conflict'
  | 'identity-mismatch'
  | 'unavailable'
  | 'internal';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  retryable: boolean;
  /** For `rejected`: the envelope check that failed (sync/crypto RejectionReason). */
  reason?: string;
}

export interface ReceiptBody {
  receipt: string;
}
