/**
 * The tus 1.0.0 endpoint (@tus/server + @tus/file-store, whose store also checks the bytes as they
 * arrive: receiving-store.ts) of the reference central server. Uploads
 * are named by dossier id, so a station resumes or repeats a delivery without any state of its own;
 * the hooks tie each upload to the station of the client certificate, refuse malformed
 * metadata, and finalise the dossier (finalize.ts) when the last byte arrives, answering the
 * completing request with the signed receipt in the `Recueil-Receipt` header.
 */
import type { IncomingMessage } from 'node:http';
import type { FileStore } from '@tus/file-store';
import { Server as TusServer, type Upload } from '@tus/server';
import { isUuidV7 } from '../dossier';
import {
  METADATA_DISPATCH,
  METADATA_DOSSIER_ID,
  METADATA_STATION,
  RECEIPT_HEADER,
  UPLOADS_PATH,
} from '../protocol/http';
import { asCentralError, CentralError } from './errors';
import type { Finalizer } from './finalize';
import { attachedStation } from './identity';

interface NodeBacked {
  runtime?: { node?: { req?: IncomingMessage } };
}

function stationOfRequest(req: unknown): string {
  const station = attachedStation((req as NodeBacked).runtime?.node?.req);
  if (!station) throw new CentralError(401, 'certificate-required', 'client certificate required', false);
  return station;
}

const tusError = (error: unknown) => asCentralError(error).forTus();

export function createTusServer(options: {
  uploads: FileStore;
  finalizer: Finalizer;
  maxSize: number;
}): TusServer {
  const { uploads, finalizer } = options;
  return new TusServer({
    path: UPLOADS_PATH,
    datastore: uploads,
    relativeLocation: true,
    maxSize: options.maxSize,
    exposedHeaders: [RECEIPT_HEADER],
    namingFunction: (_req, metadata) => {
      const id = metadata?.[METADATA_DOSSIER_ID];
      if (!id || !isUuidV7(id)) {
        throw new CentralError(400, 'bad-request', 'metadata dossier-id must be a UUIDv7', false).forTus();
      }
      return id;
    },
    onIncomingRequest: async (req, uploadId) => {
      try {
        const station = stationOfRequest(req);
        if (!isUuidV7(uploadId)) throw new CentralError(404, 'upload-not-found', 'no such upload', false);
        let existing: Upload | undefined;
        try {
          existing = await uploads.getUpload(uploadId);
        } catch {
          existing = undefined;
        }
        const owner = existing?.metadata?.[METADATA_STATION];
        if (owner && owner !== station)
          throw new CentralError(403, 'not-owner', 'upload belongs to another station', false);
      } catch (error) {
        throw tusError(error);
      }
    },
    onUploadCreate: async (req, upload) => {
      try {
        const station = stationOfRequest(req);
        const dispatch = upload.metadata?.[METADATA_DISPATCH];
        if (dispatch?.split('.').length !== 3)
          throw new CentralError(400, 'bad-request', 'metadata dispatch must be a compact JWS', false);
        return { metadata: { ...upload.metadata, [METADATA_STATION]: station } };
      } catch (error) {
        throw tusError(error);
      }
    },
    onUploadFinish: async (req, upload) => {
      try {
        const receipt = await finalizer.finalize(upload.id, stationOfRequest(req));
        return { headers: { [RECEIPT_HEADER]: receipt } };
      } catch (error) {
        throw tusError(error);
      }
    },
  });
}
