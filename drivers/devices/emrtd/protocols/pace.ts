/**
 * PACE, terminal side (ICAO 9303-11 §4.4, App. G.1; BSI TR-03110-2 §3.2): ECDH with Generic
 * Mapping on the standardised curves, 3DES or AES-128/192/256, with the CAN or the MRZ as
 * password. Ends with a fresh secure-messaging session (SSC = 0) and the chip's ephemeral public
 * key (its x-coordinate identifies the chip for Terminal Authentication). Hand-written (product
 * core); the random source is injected so that the ICAO worked example replays byte for byte.
 */

import type { CardService } from '../card/card-service';
import { aesCbc, aesCmac, pad, retailMac, tdesCbc } from '../crypto/block-cipher';
import { type CurveParams, curves, paceCurveById } from '../crypto/curves';
import {
  decodePoint,
  encodePoint,
  generateKeyPair,
  generator,
  multiply,
  type Point,
  pointAdd,
  type RandomSource,
  sharedSecret,
  systemRandom,
} from '../crypto/ec';
import {
  type CipherSpec,
  KDF_ENC,
  KDF_MAC,
  KDF_PACE,
  kdf,
  type PacePassword,
  passwordBytes,
  passwordReference,
} from '../crypto/kdf';
import type { PaceInfo, SecurityInfo } from '../lds/security-infos';
import { SecureMessaging } from '../sm/secure-messaging';
import { encodeOidValue, equalBytes } from '../tlv/asn1';
import { concatBytes, encodeTlv, expectTlv, findTlv, parseTlvList } from '../tlv/tlv';
import { AccessControlError, passwordFailure } from './access-error';

export interface PaceOptions {
  password: PacePassword;
  paceInfo: PaceInfo;
  random?: RandomSource;
  /** Send the parameter id (tag 84) in MSE:Set AT; default true (ICAO's G.1 listing omits it). */
  sendParameterId?: boolean;
}

export interface PaceResult {
  sm: SecureMessaging;
  paceInfo: PaceInfo;
  curve: CurveParams;
  /** Uncompressed ephemeral public key of the chip (PK_IC). */
  chipEphemeralKey: Uint8Array;
  /** Comp(PK_IC): the x-coordinate, the chip identifier ID_IC of Terminal Authentication. */
  chipIdentifier: Uint8Array;
}

/** Preference: GM with ECDH on a known curve, strongest cipher first. */
export function choosePaceInfo(infos: readonly SecurityInfo[]): PaceInfo | undefined {
  const usable = infos.filter(
    (i): i is PaceInfo =>
      i.type === 'PACEInfo' &&
      i.mapping === 'ECDH-GM' &&
      i.parameterId !== undefined &&
      i.parameterId in paceCurveById,
  );
  return usable.sort(
    (a, b) =>
      (b.cipher.family === 'aes' ? b.cipher.keyLength : 0) -
      (a.cipher.family === 'aes' ? a.cipher.keyLength : 0),
  )[0];
}

export function paceCurve(info: PaceInfo): CurveParams {
  const name = info.parameterId === undefined ? undefined : paceCurveById[info.parameterId];
  if (!name)
    throw new AccessControlError('UNSUPPORTED', `PACE: unsupported domain parameters ${info.parameterId}`);
  return curves[name];
}

export function decryptNonce(cipher: CipherSpec, key: Uint8Array, z: Uint8Array): Uint8Array {
  if (cipher.family === 'aes') return aesCbc(key, new Uint8Array(16), z, true);
  return tdesCbc(key, new Uint8Array(8), z, true);
}

export function encryptNonce(cipher: CipherSpec, key: Uint8Array, s: Uint8Array): Uint8Array {
  if (cipher.family === 'aes') return aesCbc(key, new Uint8Array(16), s, false);
  return tdesCbc(key, new Uint8Array(8), s, false);
}

/** Authentication token input: 7F49 { 06 OID, 86 point } (ICAO 9303-11 §4.4.3.4). */
export function tokenInput(oid: string, point: Uint8Array): Uint8Array {
  return encodeTlv(0x7f49, [encodeTlv(0x06, encodeOidValue(oid)), encodeTlv(0x86, point)]);
}

/** MAC of the PACE and CA protocols: CMAC (AES) or retail MAC over padded input (3DES), 8 bytes. */
export function protocolMac(cipher: CipherSpec, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (cipher.family === 'aes') return aesCmac(key, data).subarray(0, 8);
  return retailMac(key, pad(data, 8));
}

/** Generic Mapping: Ĝ = s·G + H with H = SK_map,IFD·PK_map,IC (§4.4.3.3.1). */
export function genericMapping(
  curve: CurveParams,
  nonce: Uint8Array,
  privateKey: bigint,
  peer: Point,
): Point {
  const H = multiply(curve, peer, privateKey);
  let s = 0n;
  for (const b of nonce) s = (s << 8n) | BigInt(b);
  const mapped = pointAdd(curve, multiply(curve, generator(curve), s), H);
  if (!mapped) throw new AccessControlError('PROTOCOL', 'PACE: mapped generator at infinity');
  return mapped;
}

function dynamicData(tag: number, value: Uint8Array): Uint8Array {
  return encodeTlv(0x7c, encodeTlv(tag, value));
}

function responseObject(data: Uint8Array, tag: number, step: string): Uint8Array {
  try {
    const outer = expectTlv(data, 0x7c, step);
    const inner = findTlv(parseTlvList(outer.value), tag);
    if (!inner) throw new Error(`no tag ${tag.toString(16)}`);
    return inner.value;
  } catch (error) {
    throw new AccessControlError(
      'PROTOCOL',
      `PACE ${step}: malformed response (${(error as Error).message})`,
    );
  }
}

export async function performPace(card: CardService, options: PaceOptions): Promise<PaceResult> {
  const random = options.random ?? systemRandom;
  const { paceInfo, password } = options;
  if (paceInfo.mapping !== 'ECDH-GM')
    throw new AccessControlError('UNSUPPORTED', `PACE: mapping ${paceInfo.mapping} is not supported`);
  const curve = paceCurve(paceInfo);
  const cipher = paceInfo.cipher;
  card.setSecureMessaging(undefined);

  // 1. MSE:Set AT
  const setAt = concatBytes(
    encodeTlv(0x80, encodeOidValue(paceInfo.oid)),
    encodeTlv(0x83, Uint8Array.of(passwordReference(password))),
    options.sendParameterId !== false && paceInfo.parameterId !== undefined
      ? encodeTlv(0x84, Uint8Array.of(paceInfo.parameterId))
      : new Uint8Array(0),
  );
  const mse = await card.send({ cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: setAt });
  if (mse.sw !== 0x9000) {
    if (mse.sw === 0x6a80 || mse.sw === 0x6a88 || mse.sw === 0x6d00)
      throw new AccessControlError('UNSUPPORTED', `PACE: MSE:Set AT refused (${mse.sw.toString(16)})`, {
        sw: mse.sw,
      });
    throw passwordFailure('PACE', mse.sw);
  }

  const ga = async (cla: number, data: Uint8Array, step: string) => {
    const response = await card.send({ cla, ins: 0x86, p1: 0, p2: 0, data, ne: 256 });
    if (response.sw !== 0x9000) {
      if (
        step === 'GA4' ||
        (response.sw & 0xff00) === 0x6300 ||
        response.sw === 0x6983 ||
        response.sw === 0x6985
      )
        throw passwordFailure('PACE', response.sw);
      throw new AccessControlError('PROTOCOL', `PACE ${step}: status ${response.sw.toString(16)}`, {
        sw: response.sw,
      });
    }
    return response.data;
  };

  // 2. Encrypted nonce
  const z = responseObject(await ga(0x10, encodeTlv(0x7c, new Uint8Array(0)), 'GA1'), 0x80, 'GA1');
  const kPi = kdf(passwordBytes(password), KDF_PACE, cipher);
  if (z.length === 0 || z.length % (cipher.family === 'aes' ? 16 : 8) !== 0)
    throw new AccessControlError('PROTOCOL', 'PACE GA1: bad nonce length');
  const nonce = decryptNonce(cipher, kPi, z);

  // 3. Mapping
  const mapKeys = generateKeyPair(curve, generator(curve), random);
  const chipMapping = responseObject(
    await ga(0x10, dynamicData(0x81, encodePoint(curve, mapKeys.publicKey)), 'GA2'),
    0x82,
    'GA2',
  );
  let chipMapPoint: Point;
  try {
    chipMapPoint = decodePoint(curve, chipMapping);
  } catch (error) {
    throw new AccessControlError('PROTOCOL', `PACE GA2: ${(error as Error).message}`);
  }
  const mappedG = genericMapping(curve, nonce, mapKeys.privateKey, chipMapPoint);

  // 4. Key agreement on the mapped generator
  const ephemeral = generateKeyPair(curve, mappedG, random);
  const terminalKey = encodePoint(curve, ephemeral.publicKey);
  const chipKey = responseObject(await ga(0x10, dynamicData(0x83, terminalKey), 'GA3'), 0x84, 'GA3');
  let chipPoint: Point;
  try {
    chipPoint = decodePoint(curve, chipKey);
  } catch (error) {
    throw new AccessControlError('PROTOCOL', `PACE GA3: ${(error as Error).message}`);
  }
  if (equalBytes(chipKey, terminalKey))
    throw new AccessControlError('PROTOCOL', 'PACE GA3: chip echoed our key');
  const secret = sharedSecret(curve, ephemeral.privateKey, chipPoint);
  const ksEnc = kdf(secret, KDF_ENC, cipher);
  const ksMac = kdf(secret, KDF_MAC, cipher);

  // 5. Mutual authentication
  const terminalToken = protocolMac(cipher, ksMac, tokenInput(paceInfo.oid, chipKey));
  const chipToken = responseObject(await ga(0x00, dynamicData(0x85, terminalToken), 'GA4'), 0x86, 'GA4');
  if (!equalBytes(chipToken, protocolMac(cipher, ksMac, tokenInput(paceInfo.oid, terminalKey))))
    throw new AccessControlError('AUTHENTICATION_FAILED', 'PACE GA4: the chip token does not verify');

  const sm = new SecureMessaging(cipher.family, ksEnc, ksMac);
  card.setSecureMessaging(sm);
  return {
    sm,
    paceInfo,
    curve,
    chipEphemeralKey: chipKey,
    chipIdentifier: chipKey.subarray(1, 1 + curve.size),
  };
}
