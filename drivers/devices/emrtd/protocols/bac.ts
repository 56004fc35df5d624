/**
 * Basic Access Control, terminal side (ICAO 9303-11 §4.3, App. D): the legacy 3DES challenge-
 * response keyed by the MRZ, ending in a 3DES secure-messaging session. A fallback for documents
 * without PACE; the CNIe is read with PACE. Hand-written (product core); the random source is
 * injected so that App. D replays byte for byte.
 */

import type { CardService } from '../card/card-service';
import { pad, retailMac, tdesCbc } from '../crypto/block-cipher';
import { type RandomSource, systemRandom } from '../crypto/ec';
import { KDF_ENC, KDF_MAC, kdf, type MrzKey, mrzInformation, sha1 } from '../crypto/kdf';
import { SecureMessaging } from '../sm/secure-messaging';
import { equalBytes } from '../tlv/asn1';
import { concatBytes } from '../tlv/tlv';
import { AccessControlError, passwordFailure } from './access-error';

const tdes = { family: '3des', keyLength: 16 } as const;

export function bacKeys(mrz: MrzKey): { kEnc: Uint8Array; kMac: Uint8Array; seed: Uint8Array } {
  const seed = sha1(new TextEncoder().encode(mrzInformation(mrz))).subarray(0, 16);
  return { seed, kEnc: kdf(seed, KDF_ENC, tdes), kMac: kdf(seed, KDF_MAC, tdes) };
}

export async function performBac(
  card: CardService,
  mrz: MrzKey,
  random: RandomSource = systemRandom,
): Promise<{ sm: SecureMessaging }> {
  card.setSecureMessaging(undefined);
  const { kEnc, kMac } = bacKeys(mrz);
  const challenge = await card.send({ cla: 0, ins: 0x84, p1: 0, p2: 0, ne: 8 });
  if (challenge.sw !== 0x9000 || challenge.data.length !== 8)
    throw new AccessControlError('UNSUPPORTED', 'BAC: GET CHALLENGE refused', { sw: challenge.sw });
  const rndIc = challenge.data;
  const rndIfd = random(8);
  const kIfd = random(16);
  const e = tdesCbc(kEnc, new Uint8Array(8), concatBytes(rndIfd, rndIc, kIfd), false);
  const m = retailMac(kMac, pad(e, 8));
  const response = await card.send({ cla: 0, ins: 0x82, p1: 0, p2: 0, data: concatBytes(e, m), ne: 40 });
  if (response.sw !== 0x9000) throw passwordFailure('BAC', response.sw);
  if (response.data.length !== 40)
    throw new AccessControlError('PROTOCOL', 'BAC: bad EXTERNAL AUTHENTICATE response');
  const eIc = response.data.subarray(0, 32);
  if (!equalBytes(retailMac(kMac, pad(eIc, 8)), response.data.subarray(32)))
    throw new AccessControlError('AUTHENTICATION_FAILED', 'BAC: chip MAC does not verify');
  const r = tdesCbc(kEnc, new Uint8Array(8), eIc, true);
  if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd))
    throw new AccessControlError('AUTHENTICATION_FAILED', 'BAC: chip response does not match the challenges');
  const kIc = r.subarray(16, 32);
  const seed = new Uint8Array(16);
  for (let k = 0; k < 16; k++) seed[k] = kIfd[k]! ^ kIc[k]!;
  const ssc = concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8));
  const sm = new SecureMessaging('3des', kdf(seed, KDF_ENC, tdes), kdf(seed, KDF_MAC, tdes), ssc);
  card.setSecureMessaging(sm);
  return { sm };
}
