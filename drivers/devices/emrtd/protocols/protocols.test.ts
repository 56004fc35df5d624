import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CardService } from '../card/card-service';
import { curves } from '../crypto/curves';
import { generator, multiply } from '../crypto/ec';
import { KDF_PACE, kdf, passwordBytes } from '../crypto/kdf';
import { parseSecurityInfos } from '../lds/security-infos';
import { SecureMessaging } from '../sm/secure-messaging';
import { queuedRandom, ReplayChannel } from '../testing/replay-channel';
import { bigIntToBytes, bytesToBigInt, fromHex, hex } from '../tlv/asn1';
import { encodeTlv } from '../tlv/tlv';
import type { AccessControlError } from './access-error';
import { performBac } from './bac';
import { choosePaceInfo, decryptNonce, genericMapping, performPace } from './pace';
import { icaoBac, icaoPaceG1 } from './vectors';

describe('PACE ECDH-GM brainpoolP256r1 AES-128: ICAO 9303-11 App. G.1, byte for byte', () => {
  const g1 = icaoPaceG1;
  const infos = parseSecurityInfos(encodeTlv(0x31, fromHex(g1.paceInfo)));
  const paceInfo = choosePaceInfo(infos)!;

  it('parses the PACEInfo of G.1', () => {
    assert.equal(paceInfo.oid, '0.4.0.127.0.7.2.2.4.2.2');
    assert.equal(paceInfo.parameterId, 13);
    assert.deepEqual(paceInfo.cipher, { family: 'aes', keyLength: 16 });
  });

  it('computes K_pi, the nonce and the mapped generator', () => {
    const password = { kind: 'mrz' as const, mrz: g1.mrz };
    const kPi = kdf(passwordBytes(password), KDF_PACE, paceInfo.cipher);
    assert.equal(hex(kPi), g1.kPi);
    const nonce = decryptNonce(paceInfo.cipher, kPi, fromHex('95A3A016522EE98D01E76CB6B98B42C3'));
    assert.equal(hex(nonce), g1.nonce);
    const curve = curves.brainpoolP256r1;
    const chipMap = multiply(curve, generator(curve), bytesToBigInt(fromHex(g1.chipMapKey)))!;
    const H = multiply(curve, chipMap, bytesToBigInt(fromHex(g1.terminalMapKey)))!;
    assert.equal(hex(bigIntToBytes(H.x, 32)), g1.h.x);
    assert.equal(hex(bigIntToBytes(H.y, 32)), g1.h.y);
    const G = genericMapping(curve, nonce, bytesToBigInt(fromHex(g1.terminalMapKey)), chipMap);
    assert.equal(hex(bigIntToBytes(G.x, 32)), g1.mappedG.x);
    assert.equal(hex(bigIntToBytes(G.y, 32)), g1.mappedG.y);
  });

  it('replays the whole APDU exchange (terminal side) and ends with the G.1 session keys', async () => {
    const channel = new ReplayChannel(g1.apdus);
    const card = new CardService(channel);
    const result = await performPace(card, {
      password: { kind: 'mrz', mrz: g1.mrz },
      paceInfo,
      random: queuedRandom([g1.terminalMapKey, g1.terminalKey]),
      sendParameterId: false,
    });
    assert.ok(channel.done);
    assert.equal(hex(result.sm.sendSequenceCounter), '00000000000000000000000000000000');
    // The session keys are private to SM: a session built from G.1's KSenc/KSmac must wrap alike.
    const reference = new SecureMessaging('aes', fromHex(g1.ksEnc), fromHex(g1.ksMac));
    const command = { cla: 0, ins: 0xb0, p1: 0x9e, p2: 0, data: undefined, ne: 4 };
    assert.equal(hex(result.sm.wrapCommand(command)), hex(reference.wrapCommand(command)));
    assert.equal(
      hex(result.chipIdentifier),
      '9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB',
    );
  });

  it('fails with a typed error when the chip token does not verify', async () => {
    const apdus = g1.apdus.map((a, i) =>
      i === 4 ? { command: a.command, response: '7C0A86083ABB9674BCE93C099000' } : a,
    );
    const card = new CardService(new ReplayChannel(apdus));
    await assert.rejects(
      performPace(card, {
        password: { kind: 'mrz', mrz: g1.mrz },
        paceInfo,
        random: queuedRandom([g1.terminalMapKey, g1.terminalKey]),
        sendParameterId: false,
      }),
      (e: AccessControlError) => e.code === 'AUTHENTICATION_FAILED',
    );
  });

  it('maps a wrong password (63C2 on GA4) to WRONG_PASSWORD with the tries left', async () => {
    const apdus = g1.apdus.map((a, i) => (i === 4 ? { command: a.command, response: '63C2' } : a));
    const card = new CardService(new ReplayChannel(apdus));
    await assert.rejects(
      performPace(card, {
        password: { kind: 'mrz', mrz: g1.mrz },
        paceInfo,
        random: queuedRandom([g1.terminalMapKey, g1.terminalKey]),
        sendParameterId: false,
      }),
      (e: AccessControlError) => e.code === 'WRONG_PASSWORD' && e.details.triesLeft === 2,
    );
  });
});

describe('BAC: ICAO 9303-11 App. D.3, byte for byte', () => {
  it('replays GET CHALLENGE / EXTERNAL AUTHENTICATE and derives the D.3 session keys and SSC', async () => {
    const channel = new ReplayChannel([icaoBac.getChallenge, icaoBac.externalAuthenticate]);
    const card = new CardService(channel);
    const { sm } = await performBac(card, icaoBac.mrz, queuedRandom([icaoBac.rndIfd, icaoBac.kIfd]));
    assert.ok(channel.done);
    assert.equal(hex(sm.sendSequenceCounter), icaoBac.ssc);
    // D.4's first protected command proves KSenc/KSmac.
    assert.equal(
      hex(sm.wrapCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') })),
      '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
    );
  });

  it('maps 6300 on EXTERNAL AUTHENTICATE to a wrong MRZ', async () => {
    const channel = new ReplayChannel([
      icaoBac.getChallenge,
      { command: icaoBac.externalAuthenticate.command, response: '6300' },
    ]);
    await assert.rejects(
      performBac(new CardService(channel), icaoBac.mrz, queuedRandom([icaoBac.rndIfd, icaoBac.kIfd])),
      (e: AccessControlError) => e.code === 'WRONG_PASSWORD',
    );
  });
});
