/**
 * The signed configuration on the wire (station <- central), over the same mutual-TLS link as the
 * dossiers, the station identified by its client certificate:
 *
 *   GET /v1/config   200 { jws }: the latest published configuration document, a compact JWS of
 *                    `typ` recueil-config+jwt signed by the central's signing key
 *                    (sync/crypto/configuration.ts); 404 { error: "upload-not-found" } when none
 *                    was ever published.
 */
import { API_PREFIX } from './http';

export const CONFIG_PATH = `${API_PREFIX}/config`;

export interface ConfigBody {
  jws: string;
}
