/**
 * Central-signed documents: every JWS the central title system sends a station (receipts,
 * central -> station messages, signed configuration) is a compact ES256 JWS over JSON claims, signed
 * with the central's signing key (the one pinned at enrollment as `receipts`), with a `typ` naming
 * its kind so that one kind can never be passed off as another. This module is the one place that
 * signs and checks them; each kind brings its `typ` (algorithms.ts) and its claims schema.
 */
import { CompactSign } from 'jose';
import type { z } from 'zod';
import { SIGNATURE_ALG } from './algorithms';
import type { CentralKeys, CentralRecipient } from './central-keys';
import { jsonBytes } from './claims';
import { SignedJsonRejected, verifySignedJson } from './signed-json';

/** The central's signing half (reference server). */
export type CentralSigner = Pick<CentralKeys, 'receiptSigningKey' | 'receiptKid'>;

/** The station's pinned copy of the central's verification key. */
export type CentralVerifier = Pick<CentralRecipient, 'receiptKey' | 'receiptKid'>;

/** Why a central document was refused; `reason` is stable (audited), `message` is English detail. */
export class CentralDocumentRejected extends Error {
  constructor(
    readonly reason: 'typ' | 'unknown-key' | 'signature' | 'claims',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CentralDocumentRejected';
  }
}

export async function signCentralDocument<S extends z.ZodType>(
  typ: string,
  schema: S,
  claims: z.input<S>,
  signer: CentralSigner,
): Promise<string> {
  const parsed = schema.parse(claims);
  return new CompactSign(jsonBytes(parsed))
    .setProtectedHeader({ alg: SIGNATURE_ALG, kid: signer.receiptKid, typ })
    .sign(signer.receiptSigningKey);
}

/** The claims of `jws` if it is a `typ` document signed by the pinned central key; else throws CentralDocumentRejected. */
export async function verifyCentralDocument<S extends z.ZodType>(
  jws: string,
  typ: string,
  schema: S,
  central: CentralVerifier,
): Promise<z.output<S>> {
  try {
    const { claims } = await verifySignedJson(jws, typ, schema, (kid) =>
      kid === central.receiptKid ? central.receiptKey : undefined,
    );
    return claims;
  } catch (cause) {
    if (!(cause instanceof SignedJsonRejected)) throw cause;
    // Not a JWS at all is refused like a forged one.
    const reason = cause.fault === 'header' ? 'signature' : cause.fault;
    throw new CentralDocumentRejected(reason, cause.message, { cause });
  }
}
