/**
 * Terminal Authentication v1, terminal side (BSI TR-03110-1 §3.3, ICAO 9303-11 §7.1): presents
 * the CV certificates below the chip's trust point (MSE:Set DST + PSO:Verify Certificate), then
 * signs the chip's challenge with the IS key through the injected `TerminalSigner`:
 * Sign(ID_IC || r_IC || Comp(PK_PCD)). Runs after Chip Authentication. Hand-written (product core).
 */

import type { CardService } from '../card/card-service';
import { type CvCertificate, parseCvCertificate } from '../cvc/cv-certificate';
import type { TerminalSigner } from '../cvc/terminal-signer';
import { concatBytes, encodeTlv } from '../tlv/tlv';
import { AccessControlError } from './access-error';

export interface TerminalAuthenticationOptions {
  signer: TerminalSigner;
  /** ID_IC: Comp(PK_IC) of PACE, or the document number + check digit after BAC. */
  chipIdentifier: Uint8Array;
  /** Comp(PK_PCD) from Chip Authentication. */
  terminalKeyComp: Uint8Array;
  /** CARs of the chip's trust points (EF.CVCA); empty: present the whole chain. */
  trustPoints: readonly string[];
  /** Date used to refuse an expired IS certificate before talking to the chip (default today). */
  today?: Date;
}

export interface TerminalAuthenticationResult {
  isCertificate: CvCertificate;
  /** Effective rights: the AND of the presented chain's rights (bit 0 DG3, bit 1 DG4). */
  rights: number;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The certificates to send: those after the one the chip trusts. */
export function certificatesToPresent(
  chain: readonly CvCertificate[],
  trustPoints: readonly string[],
): CvCertificate[] {
  if (trustPoints.length === 0) return [...chain];
  const start = chain.findIndex((c) => trustPoints.includes(c.car));
  if (start < 0)
    throw new AccessControlError(
      'CERTIFICATE_REJECTED',
      `TA: no certificate of the chain is issued by the chip's trust points (${trustPoints.join(', ')})`,
    );
  return chain.slice(start);
}

export async function performTerminalAuthentication(
  card: CardService,
  options: TerminalAuthenticationOptions,
): Promise<TerminalAuthenticationResult> {
  const chain = options.signer.certificates.map((c) => parseCvCertificate(c));
  const is = chain[chain.length - 1];
  if (is?.chat.role !== 'is')
    throw new AccessControlError('CERTIFICATE_REJECTED', 'TA: the last certificate is not an IS certificate');
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  if (is.expirationDate < today)
    throw new AccessControlError(
      'CERTIFICATE_EXPIRED',
      `TA: IS certificate ${is.chr} expired on ${is.expirationDate}`,
    );
  const present = certificatesToPresent(chain, options.trustPoints);
  for (const certificate of present) {
    const dst = await card.send({
      cla: 0,
      ins: 0x22,
      p1: 0x81,
      p2: 0xb6,
      data: encodeTlv(0x83, ascii(certificate.car)),
    });
    if (dst.sw !== 0x9000)
      throw new AccessControlError(
        'CERTIFICATE_REJECTED',
        `TA: MSE:Set DST ${certificate.car} refused (${dst.sw.toString(16)})`,
        { sw: dst.sw },
      );
    const verify = await card.send({
      cla: 0,
      ins: 0x2a,
      p1: 0x00,
      p2: 0xbe,
      data: concatBytes(certificate.body, certificate.signatureObject),
    });
    if (verify.sw !== 0x9000)
      throw new AccessControlError(
        'CERTIFICATE_REJECTED',
        `TA: certificate ${certificate.chr} refused (${verify.sw.toString(16)})`,
        {
          sw: verify.sw,
        },
      );
  }
  const setAt = await card.send({
    cla: 0,
    ins: 0x22,
    p1: 0x81,
    p2: 0xa4,
    data: encodeTlv(0x83, ascii(is.chr)),
  });
  if (setAt.sw !== 0x9000)
    throw new AccessControlError('PROTOCOL', `TA: MSE:Set AT refused (${setAt.sw.toString(16)})`, {
      sw: setAt.sw,
    });
  const challenge = await card.send({ cla: 0, ins: 0x84, p1: 0, p2: 0, ne: 8 });
  if (challenge.sw !== 0x9000 || challenge.data.length !== 8)
    throw new AccessControlError('PROTOCOL', `TA: GET CHALLENGE refused (${challenge.sw.toString(16)})`, {
      sw: challenge.sw,
    });
  const signature = await options.signer.sign(
    concatBytes(options.chipIdentifier, challenge.data, options.terminalKeyComp),
  );
  const auth = await card.send({ cla: 0, ins: 0x82, p1: 0, p2: 0, data: signature });
  if (auth.sw !== 0x9000)
    throw new AccessControlError(
      'AUTHENTICATION_FAILED',
      `TA: EXTERNAL AUTHENTICATE refused (${auth.sw.toString(16)})`,
      { sw: auth.sw },
    );
  const rights = present.reduce((r, c) => r & c.chat.rights, 0xff) & 0x3f;
  return { isCertificate: is, rights };
}
