/**
 * Verification of a compact ES256 JWS over JSON claims, the shape of every signed statement the
 * system exchanges (a station's dispatch and attestation, the central's receipts, messages and
 * configuration): header, `typ`, key by `kid`, signature, then claims against a schema, each step
 * failing with its own fault so that each caller maps faults to its own stable reasons.
 */
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { z } from 'zod';
import { SIGNATURE_ALG } from './algorithms';
import { parseJsonBytes } from './claims';
import { installFastBase64 } from './fast-base64';

installFastBase64();

/** Which step refused: `header` (not a compact JWS), `typ` (wrong kind or alg), `unknown-key`, `signature`, `claims`. */
export type SignedJsonFault = 'header' | 'typ' | 'unknown-key' | 'signature' | 'claims';

export class SignedJsonRejected extends Error {
  constructor(
    readonly fault: SignedJsonFault,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignedJsonRejected';
  }
}

/**
 * The claims and key id of `jws` if it is a `typ` statement, signed with the key `resolveKey`
 * returns for its `kid` (which may be absent; a resolver may throw its own error), undefined meaning an
 * unknown key, and whose claims `schema` accepts; else throws
 * SignedJsonRejected.
 */
export async function verifySignedJson<S extends z.ZodType>(
  jws: string,
  typ: string,
  schema: S,
  resolveKey: (kid: string | undefined) => CryptoKey | undefined | Promise<CryptoKey | undefined>,
): Promise<{ claims: z.output<S>; kid: string | undefined }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (cause) {
    throw new SignedJsonRejected('header', 'not a compact JWS', { cause });
  }
  if (header.typ !== typ || header.alg !== SIGNATURE_ALG)
    throw new SignedJsonRejected('typ', `unexpected typ ${String(header.typ)} or alg ${String(header.alg)}`);
  const kid = header.kid;
  const key = await resolveKey(kid);
  if (!key) throw new SignedJsonRejected('unknown-key', `signed by an unknown key ${String(kid)}`);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: [SIGNATURE_ALG] }));
  } catch (cause) {
    throw new SignedJsonRejected('signature', 'signature invalid', { cause });
  }
  let json: unknown;
  try {
    json = parseJsonBytes(payload);
  } catch (cause) {
    throw new SignedJsonRejected('claims', 'claims are not JSON', { cause });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new SignedJsonRejected('claims', 'claims invalid', { cause: result.error });
  return { claims: result.data, kid };
}
