/**
 * The tus 1.0.0 endpoint of the reference central server (core protocol + creation,
 * creation-with-upload and termination), over the raw node request: uploads are named by dossier
 * id, so a station resumes or repeats a delivery without any state of its own; every request is
 * tied to the station of the client certificate; the request that completes an upload finalises
 * the dossier (finalize.ts) and carries the signed receipt in the `Recueil-Receipt` header.
 * Storage is @tus/file-store's layout (receiving-store.ts checks the bytes as they arrive).
 *
 * Why not @tus/server: its 2.x handlers turn the node request into a web Request (srvx) and the
 * body back into a node stream through a PassThrough and a limiter, four stream hops and their
 * garbage for every TLS chunk. On the 2-core reference machine that cost the central more CPU per
 * 3 MB dossier than the decryption and both hashes together, and the central's main thread is
 * the sync bottleneck (bench/sync.bench.ts). The protocol subset the station uses is small and
 * is tested here byte for byte (test/integration/tus-protocol.test.ts) and end to end with tus-js-client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Upload } from '@tus/utils';
import { isUuidV7 } from '../../sync/dossier';
import {
  METADATA_DISPATCH,
  METADATA_DOSSIER_ID,
  METADATA_STATION,
  RECEIPT_HEADER,
  UPLOADS_PATH,
  uploadUrlPath,
} from '../../sync/protocol/http';
import { asCentralError, CentralError } from './errors';
import type { Finalizer } from './finalize';
import type { ReceivingFileStore } from './receiving-store';
import { formatTusMetadata, parseTusMetadata } from './tus-metadata';
import { UploadLocks } from './upload-locks';

const TUS_VERSION = '1.0.0';
const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';
const EXTENSIONS = 'creation,creation-with-upload,termination';

interface Reply {
  status: number;
  headers?: Record<string, string | number>;
}

export interface TusEndpoint {
  /** Answers one tus request of `station` (already authenticated by its client certificate). */
  handle(req: IncomingMessage, res: ServerResponse, station: string): Promise<void>;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A non-negative integer header, or undefined when absent; a malformed one is a 400. */
function integerHeader(req: IncomingMessage, name: string): number | undefined {
  const value = header(req, name);
  if (value === undefined) return undefined;
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new CentralError(400, 'bad-request', `${name} must be an integer`, false);
  return n;
}

const hasBody = (req: IncomingMessage) =>
  header(req, 'transfer-encoding') !== undefined || (integerHeader(req, 'content-length') ?? 0) > 0;

export function createTusEndpoint(options: {
  uploads: ReceivingFileStore;
  finalizer: Finalizer;
  maxSize: number;
}): TusEndpoint {
  const { uploads, finalizer, maxSize } = options;
  const locks = new UploadLocks();

  async function existing(id: string, station: string): Promise<Upload | undefined> {
    const upload = await uploads.findUpload(id);
    const owner = upload?.metadata?.[METADATA_STATION];
    if (owner && owner !== station)
      throw new CentralError(403, 'not-owner', 'upload belongs to another station', false);
    return upload;
  }

  async function found(id: string, station: string): Promise<Upload & { size: number }> {
    const upload = await existing(id, station);
    if (!upload || upload.size === undefined)
      throw new CentralError(404, 'upload-not-found', 'no such upload', true);
    return upload as Upload & { size: number };
  }

  /** Receives body bytes at `offset`; finalises when the upload is complete. */
  async function receive(
    req: IncomingMessage,
    id: string,
    station: string,
    at: { offset: number; size: number; signal: AbortSignal },
  ): Promise<Reply['headers']> {
    const declared = integerHeader(req, 'content-length');
    if (declared !== undefined && at.offset + declared > at.size)
      throw new CentralError(413, 'too-large', 'more bytes than the announced Upload-Length', false);
    const offset = hasBody(req)
      ? await uploads.receive(req, id, at.offset, { limit: at.size - at.offset, signal: at.signal })
      : at.offset;
    const headers: Record<string, string | number> = { 'Upload-Offset': offset };
    if (offset === at.size) headers[RECEIPT_HEADER] = await finalizer.finalize(id, station);
    return headers;
  }

  async function create(req: IncomingMessage, station: string): Promise<Reply> {
    const size = integerHeader(req, 'upload-length');
    if (size === undefined)
      throw new CentralError(400, 'bad-request', 'Upload-Length is required (no deferred length)', false);
    if (size > maxSize)
      throw new CentralError(413, 'too-large', `upload larger than ${maxSize} bytes`, false);
    const metadata = parseTusMetadata(header(req, 'upload-metadata'));
    if (!metadata) throw new CentralError(400, 'bad-request', 'malformed Upload-Metadata', false);
    const id = metadata[METADATA_DOSSIER_ID];
    if (!id || !isUuidV7(id))
      throw new CentralError(400, 'bad-request', 'metadata dossier-id must be a UUIDv7', false);
    if (metadata[METADATA_DISPATCH]?.split('.').length !== 3)
      throw new CentralError(400, 'bad-request', 'metadata dispatch must be a compact JWS', false);
    if (hasBody(req) && header(req, 'content-type') !== OFFSET_CONTENT_TYPE)
      throw new CentralError(415, 'bad-request', `an upload body must be ${OFFSET_CONTENT_TYPE}`, false);
    const lock = await locks.acquire(id);
    try {
      await existing(id, station);
      // A creation over an unfinished upload of the same station restarts it.
      uploads.drop(id);
      await uploads.create(
        new Upload({
          id,
          size,
          offset: 0,
          metadata: { ...metadata, [METADATA_STATION]: station },
          creation_date: new Date().toISOString(),
        }),
      );
      const headers = await receive(req, id, station, { offset: 0, size, signal: lock.signal });
      return { status: 201, headers: { Location: uploadUrlPath(id), ...headers } };
    } finally {
      lock.release();
    }
  }

  async function head(id: string, station: string): Promise<Reply> {
    const lock = await locks.acquire(id);
    try {
      const upload = await found(id, station);
      const metadata = Object.fromEntries(
        Object.entries(upload.metadata ?? {}).map(([key, value]) => [key, value ?? '']),
      );
      return {
        status: 200,
        headers: {
          'Upload-Offset': upload.offset,
          'Upload-Length': upload.size,
          'Upload-Metadata': formatTusMetadata(metadata),
          'Cache-Control': 'no-store',
        },
      };
    } finally {
      lock.release();
    }
  }

  async function patch(req: IncomingMessage, id: string, station: string): Promise<Reply> {
    if (header(req, 'content-type') !== OFFSET_CONTENT_TYPE)
      throw new CentralError(415, 'bad-request', `a PATCH body must be ${OFFSET_CONTENT_TYPE}`, false);
    const offset = integerHeader(req, 'upload-offset');
    if (offset === undefined) throw new CentralError(400, 'bad-request', 'Upload-Offset is required', false);
    const lock = await locks.acquire(id);
    try {
      const upload = await found(id, station);
      if (upload.offset !== offset)
        throw new CentralError(409, 'offset-mismatch', `the upload is at offset ${upload.offset}`, true);
      const headers = await receive(req, id, station, { offset, size: upload.size, signal: lock.signal });
      return { status: 204, headers };
    } finally {
      lock.release();
    }
  }

  async function terminate(id: string, station: string): Promise<Reply> {
    const lock = await locks.acquire(id);
    try {
      await found(id, station);
      await uploads.remove(id);
      return { status: 204 };
    } finally {
      lock.release();
    }
  }

  async function route(req: IncomingMessage, station: string): Promise<Reply> {
    const path = (req.url ?? '').split('?')[0]!.replace(/\/+$/, '');
    const method = req.method ?? '';
    if (method === 'OPTIONS')
      return {
        status: 204,
        headers: { 'Tus-Version': TUS_VERSION, 'Tus-Extension': EXTENSIONS, 'Tus-Max-Size': maxSize },
      };
    if (header(req, 'tus-resumable') !== TUS_VERSION)
      throw new CentralError(412, 'bad-request', `Tus-Resumable ${TUS_VERSION} required`, false);
    if (path === UPLOADS_PATH) {
      if (method === 'POST') return create(req, station);
      throw new CentralError(405, 'bad-request', `${method} not allowed here`, false);
    }
    const id = path.startsWith(`${UPLOADS_PATH}/`) ? path.slice(UPLOADS_PATH.length + 1) : '';
    if (!isUuidV7(id)) throw new CentralError(404, 'upload-not-found', 'no such upload', false);
    if (method === 'HEAD') return head(id, station);
    if (method === 'PATCH') return patch(req, id, station);
    if (method === 'DELETE') return terminate(id, station);
    throw new CentralError(405, 'bad-request', `${method} not allowed here`, false);
  }

  function send(req: IncomingMessage, res: ServerResponse, reply: Reply, body?: string): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = { 'Tus-Resumable': TUS_VERSION, ...reply.headers };
    if (reply.status === 412) headers['Tus-Version'] = TUS_VERSION;
    // A body left unread is not worth receiving (up to a whole dossier): close instead.
    if (!req.complete) headers.Connection = 'close';
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  return {
    async handle(req, res, station) {
      try {
        send(req, res, await route(req, station));
      } catch (error) {
        const central = asCentralError(error);
        send(req, res, { status: central.status }, JSON.stringify(central.body()));
      }
    },
  };
}
