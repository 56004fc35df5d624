/**
 * Delivering one sealed dossier to the central system and getting its receipt back:
 *   1. on a retry, ask for a stored receipt first (the previous attempt may have been stored
 *      after the station lost the answer): nothing is re-sent then;
 *   2. first attempt: tus creation with upload (POST with the bytes) at once; later attempts HEAD
 *      the dossier's deterministic upload URL first: 404 -> tus creation, found -> tus resume
 *      from the server's offset (tus-js-client over the pinned mTLS agent, client/http-stack.ts),
 *      so an interrupted upload continues where it stopped; the PATCH (or POST) that completes it
 *      returns the receipt;
 *   3. if the upload was already complete (no PATCH sent, no receipt), ask the server to finalize.
 * The receipt is returned unverified: the caller verifies it against the queued dossier before
 * recording it. tus-js-client's own retries are off: the engine owns backoff and parking.
 */
import type { Agent } from 'node:https';
import { type DetailedError, Upload } from 'tus-js-client';
import {
  finalizePath,
  METADATA_DISPATCH,
  METADATA_DOSSIER_ID,
  RECEIPT_HEADER,
  receiptPath,
  UPLOADS_PATH,
  uploadUrlPath,
} from '../protocol/http';
import { DeliveryFailure } from './causes';
import { classifyNetworkError, classifyResponse } from './classify';
import { createHttpStack } from './http-stack';
import { fetchField, requestRaw } from './transport';

export interface DeliveryJob {
  dossierId: string;
  dispatch: string;
  ciphertext: Uint8Array;
  /** Attempt number of this delivery (1 = first): retries look for a stored receipt first. */
  attempt: number;
}

export interface DeliveryOptions {
  baseUrl: string;
  agent: Agent;
  chunkSizeBytes: number;
  stallTimeoutMs: number;
  onProgress?: (sent: number, total: number) => void;
  /** Body bytes flushed to the connection, as they go (a resumed upload re-sends none it need not). */
  onBodySent?: (bytes: number) => void;
  signal?: AbortSignal;
}

/** Resolves with the central's receipt (compact JWS); rejects with a DeliveryFailure. */
export async function deliverDossier(job: DeliveryJob, options: DeliveryOptions): Promise<string> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeout = { timeoutMs: options.stallTimeoutMs };
  if (job.attempt > 1) {
    const stored = await fetchField(
      options.agent,
      'GET',
      base + receiptPath(job.dossierId),
      'receipt',
      timeout,
    );
    if (stored) {
      options.onProgress?.(job.ciphertext.length, job.ciphertext.length);
      return stored;
    }
  }
  // First attempt: nothing of this dossier can be on the server yet, create at once (one round
  // trip less). Should the outbox database have been rebuilt (attempt counts lost), a creation
  // over an existing upload just restarts it, and a stored dossier is answered with its receipt.
  if (job.attempt <= 1) {
    const created = await tusUpload(job, base, options, 'create');
    if (created) return created;
    return finalizeUpload(job, base, options);
  }
  // Where is this upload? (tus-js-client would treat any HEAD failure, 5xx included, as "create
  // a new upload"; asking first keeps a server error a server error.)
  const head = await requestRaw(options.agent, 'HEAD', base + uploadUrlPath(job.dossierId), {
    ...timeout,
    headers: { 'Tus-Resumable': '1.0.0' },
  });
  let receipt: string | undefined;
  if (head.status === 200 || head.status === 204) {
    const offset = Number(head.headers['upload-offset']);
    const length = Number(head.headers['upload-length']);
    if (!(Number.isFinite(offset) && offset === length))
      receipt = await tusUpload(job, base, options, 'resume');
    else options.onProgress?.(job.ciphertext.length, job.ciphertext.length);
  } else if (head.status === 404 || head.status === 410) {
    receipt = await tusUpload(job, base, options, 'create');
  } else {
    throw classifyResponse(head.status, head.body, header(head.headers['retry-after']));
  }
  if (receipt) return receipt;
  return finalizeUpload(job, base, options);
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Asks the central to finalize an upload that is complete (its final answer was lost). */
async function finalizeUpload(job: DeliveryJob, base: string, options: DeliveryOptions): Promise<string> {
  const finalized = await fetchField(options.agent, 'POST', base + finalizePath(job.dossierId), 'receipt', {
    timeoutMs: options.stallTimeoutMs,
  });
  if (!finalized)
    throw new DeliveryFailure('protocol-error', 'dossier', true, 'upload complete but nothing to finalize');
  return finalized;
}

function tusUpload(
  job: DeliveryJob,
  base: string,
  options: DeliveryOptions,
  mode: 'create' | 'resume',
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let lastActivity = Date.now();
    let sentAnything = false;
    const bytes = Buffer.from(job.ciphertext.buffer, job.ciphertext.byteOffset, job.ciphertext.byteLength);
    const finish = (error: DeliveryFailure | undefined, receipt?: string) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(receipt);
    };
    const upload = new Upload(bytes, {
      ...(mode === 'create'
        ? { endpoint: base + UPLOADS_PATH }
        : { uploadUrl: base + uploadUrlPath(job.dossierId) }),
      metadata: { [METADATA_DOSSIER_ID]: job.dossierId, [METADATA_DISPATCH]: job.dispatch },
      uploadSize: bytes.length,
      chunkSize: options.chunkSizeBytes,
      retryDelays: null,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      uploadDataDuringCreation: true,
      httpStack: createHttpStack(options.agent, options.onBodySent),
      onBeforeRequest: () => {
        lastActivity = Date.now();
      },
      onAfterResponse: () => {
        lastActivity = Date.now();
      },
      onProgress: (sent, total) => {
        lastActivity = Date.now();
        if (sent > 0) sentAnything = true;
        options.onProgress?.(sent, total);
      },
      onSuccess: ({ lastResponse }) => finish(undefined, lastResponse.getHeader(RECEIPT_HEADER) || undefined),
      onError: (error) => {
        const response = (error as DetailedError).originalResponse;
        finish(
          response
            ? classifyResponse(
                response.getStatus(),
                response.getBody() ?? '',
                response.getHeader('Retry-After'),
              )
            : classifyNetworkError(error, { sentBytes: sentAnything }),
        );
      },
    });
    const watchdog = setInterval(
      () => {
        if (Date.now() - lastActivity < options.stallTimeoutMs) return;
        void upload.abort(false);
        // Nothing went out (a connect or a TLS handshake that never completes): the network or
        // the central, not this dossier; the engine probes and waits instead of counting it.
        finish(
          sentAnything
            ? new DeliveryFailure(
                'connection-lost',
                'dossier',
                true,
                `no progress for ${options.stallTimeoutMs} ms`,
              )
            : new DeliveryFailure(
                'central-unreachable',
                'station',
                true,
                `nothing sent within ${options.stallTimeoutMs} ms (connection or TLS handshake)`,
              ),
        );
      },
      Math.min(1000, options.stallTimeoutMs / 4),
    );
    const onAbort = () => {
      void upload.abort(false);
      finish(new DeliveryFailure('connection-lost', 'dossier', true, 'delivery aborted'));
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    upload.start();
  });
}
