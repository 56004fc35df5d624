/**
 * Chip Authentication v1, terminal side (ICAO 9303-11 §6.2, BSI TR-03110-1 §3.2): an ephemeral
 * key agreement with the chip's static key from DG14, giving new secure-messaging keys (SSC = 0).
 * The chip is genuine when the next protected response verifies. ECDH only (AES: MSE:Set AT +
 * GENERAL AUTHENTICATE; 3DES: MSE:Set KAT). Hand-written (product core).
 */

import type { CardService } from '../card/card-service';
import type { CurveParams } from '../crypto/curves';
import {
  encodePoint,
  generateKeyPair,
  generator,
  type RandomSource,
  sharedSecret,
  systemRandom,
} from '../crypto/ec';
import { KDF_ENC, KDF_MAC, kdf } from '../crypto/kdf';
import type {
  ChipAuthenticationInfo,
  ChipAuthenticationPublicKeyInfo,
  SecurityInfo,
} from '../lds/security-infos';
import { SecureMessaging } from '../sm/secure-messaging';
import { bigIntToBytes, encodeOidValue } from '../tlv/asn1';
import { concatBytes, encodeTlv } from '../tlv/tlv';
import { AccessControlError } from './access-error';

export interface ChipAuthenticationResult {
  sm: SecureMessaging;
  /** Comp(PK_PCD): x-coordinate of the terminal's ephemeral key, signed in Terminal Authentication. */
  terminalKeyComp: Uint8Array;
  info: ChipAuthenticationInfo;
}

/** Picks the ECDH CA info and its public key (matching key ids when there are several). */
export function chooseChipAuthentication(
  infos: readonly SecurityInfo[],
): { info: ChipAuthenticationInfo; key: ChipAuthenticationPublicKeyInfo } | undefined {
  const keys = infos.filter(
    (i): i is ChipAuthenticationPublicKeyInfo =>
      i.type === 'ChipAuthenticationPublicKeyInfo' && !!i.publicKey,
  );
  const cas = infos.filter(
    (i): i is ChipAuthenticationInfo => i.type === 'ChipAuthenticationInfo' && i.agreement === 'ECDH',
  );
  for (const info of cas) {
    const key = keys.find((k) => info.keyId === undefined || k.keyId === undefined || k.keyId === info.keyId);
    if (key) return { info, key };
  }
  // Old documents list only the public key: CA with 3DES is implied (ICAO 9303-11 §6.2.1).
  const key = keys[0];
  if (key && cas.length === 0)
    return {
      info: {
        type: 'ChipAuthenticationInfo',
        oid: '0.4.0.127.0.7.2.2.3.2.1',
        agreement: 'ECDH',
        cipher: { family: '3des', keyLength: 16 },
        version: 1,
      },
      key,
    };
  return undefined;
}

function keyIdBytes(keyId: number): Uint8Array {
  const out: number[] = [];
  let v = keyId;
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return Uint8Array.from(out);
}

export async function performChipAuthentication(
  card: CardService,
  chosen: { info: ChipAuthenticationInfo; key: ChipAuthenticationPublicKeyInfo },
  random: RandomSource = systemRandom,
): Promise<ChipAuthenticationResult> {
  const { info, key } = chosen;
  const chipKey = key.publicKey;
  if (!chipKey) throw new AccessControlError('UNSUPPORTED', 'CA: only ECDH chip keys are supported');
  const curve: CurveParams = chipKey.curve;
  const ephemeral = generateKeyPair(curve, generator(curve), random);
  const encoded = encodePoint(curve, ephemeral.publicKey);
  const keyRef = key.keyId !== undefined ? encodeTlv(0x84, keyIdBytes(key.keyId)) : new Uint8Array(0);
  if (info.cipher.family === 'aes') {
    const mse = await card.send({
      cla: 0,
      ins: 0x22,
      p1: 0x41,
      p2: 0xa4,
      data: concatBytes(encodeTlv(0x80, encodeOidValue(info.oid)), keyRef),
    });
    if (mse.sw !== 0x9000)
      throw new AccessControlError('PROTOCOL', `CA: MSE:Set AT refused (${mse.sw.toString(16)})`, {
        sw: mse.sw,
      });
    const ga = await card.send({
      cla: 0,
      ins: 0x86,
      p1: 0,
      p2: 0,
      data: encodeTlv(0x7c, encodeTlv(0x80, encoded)),
      ne: 256,
    });
    if (ga.sw !== 0x9000)
      throw new AccessControlError(
        'AUTHENTICATION_FAILED',
        `CA: GENERAL AUTHENTICATE refused (${ga.sw.toString(16)})`,
        { sw: ga.sw },
      );
  } else {
    const mse = await card.send({
      cla: 0,
      ins: 0x22,
      p1: 0x41,
      p2: 0xa6,
      data: concatBytes(encodeTlv(0x91, encoded), keyRef),
    });
    if (mse.sw !== 0x9000)
      throw new AccessControlError(
        'AUTHENTICATION_FAILED',
        `CA: MSE:Set KAT refused (${mse.sw.toString(16)})`,
        { sw: mse.sw },
      );
  }
  const secret = sharedSecret(curve, ephemeral.privateKey, chipKey.point);
  const sm = new SecureMessaging(
    info.cipher.family,
    kdf(secret, KDF_ENC, info.cipher),
    kdf(secret, KDF_MAC, info.cipher),
  );
  card.setSecureMessaging(sm);
  return { sm, info, terminalKeyComp: bigIntToBytes(ephemeral.publicKey.x, curve.size) };
}
