import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromHex, hex } from '../tlv/asn1';
import { aesCmac, pad, retailMac, unpad } from './block-cipher';
import { curves } from './curves';
import { generator, isOnCurve, multiply, pointAdd, systemRandom } from './ec';
import { ecdsaSign, ecdsaVerify } from './ecdsa';
import { KDF_ENC, KDF_MAC, KDF_PACE, kdf, mrzCheckDigit, mrzInformation, passwordBytes, sha1 } from './kdf';

describe('block ciphers and MACs', () => {
  it('AES-CMAC matches RFC 4493 examples 1-4', () => {
    const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
    const msg = fromHex(
      '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
    );
    assert.equal(hex(aesCmac(key, new Uint8Array(0))), 'BB1D6929E95937287FA37D129B756746');
    assert.equal(hex(aesCmac(key, msg.subarray(0, 16))), '070A16B46B4D4144F79BDD9DD04A287C');
    assert.equal(hex(aesCmac(key, msg.subarray(0, 40))), 'DFA66747DE9AE63030CA32611497C827');
    assert.equal(hex(aesCmac(key, msg)), '51F0BEBF7E3B9D92FC49741779363CFE');
  });

  it('pads with method 2 and unpads, rejecting bad padding', () => {
    assert.equal(hex(pad(fromHex('0102'), 8)), '0102800000000000');
    assert.equal(hex(pad(new Uint8Array(8), 8)).length, 32);
    assert.equal(hex(unpad(fromHex('0102800000000000'))!), '0102');
    assert.equal(unpad(fromHex('0102000000000000')), undefined);
  });

  it('computes the BAC M_IFD retail MAC of ICAO 9303-11 D.3', () => {
    const kMac = fromHex('7962D9ECE03D1ACD4C76089DCE131543');
    const eIfd = fromHex('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    assert.equal(hex(retailMac(kMac, pad(eIfd, 8))), '5F1448EEA8AD90A7');
  });
});

describe('key derivation (ICAO 9303-11 D.2 and chip.md §2.5)', () => {
  it('derives MRZ_information, K_seed, Kenc and Kmac of App. D.2', () => {
    const info = mrzInformation({
      documentNumber: 'L898902C',
      dateOfBirth: '690806',
      dateOfExpiry: '940623',
    });
    assert.equal(info, 'L898902C<369080619406236');
    const digest = sha1(new TextEncoder().encode(info));
    assert.equal(hex(digest), '239AB9CB282DAF66231DC5A4DF6BFBAEDF477565');
    const seed = digest.subarray(0, 16);
    assert.equal(
      hex(kdf(seed, KDF_ENC, { family: '3des', keyLength: 16 })),
      'AB94FDECF2674FDFB9B391F85D7F76F2',
    );
    assert.equal(
      hex(kdf(seed, KDF_MAC, { family: '3des', keyLength: 16 })),
      '7962D9ECE03D1ACD4C76089DCE131543',
    );
  });

  it('derives K_pi from the CAN 123456 (AES-256 and AES-128)', () => {
    const pi = passwordBytes({ kind: 'can', can: '123456' });
    assert.equal(
      hex(kdf(pi, KDF_PACE, { family: 'aes', keyLength: 32 })),
      '8DF3278FB32026E66277357FCD6C826DBEB3DE32088B2531757D753940185923',
    );
    assert.equal(
      hex(kdf(pi, KDF_PACE, { family: 'aes', keyLength: 16 })),
      '591468CDA83D65219CCCB8560233600F',
    );
  });

  it('computes MRZ check digits', () => {
    assert.equal(mrzCheckDigit('T22000129'), 3);
    assert.equal(mrzCheckDigit('640812'), 5);
    assert.equal(mrzCheckDigit('101031'), 8);
    assert.throws(() => mrzCheckDigit('ab'));
  });
});

describe('elliptic curves', () => {
  for (const curve of Object.values(curves)) {
    it(`${curve.name}: G is on the curve, (n-1)·G + G = O, 2G = G + G`, () => {
      const G = generator(curve);
      assert.ok(isOnCurve(curve, G));
      assert.equal(pointAdd(curve, multiply(curve, G, curve.n - 1n), G), null);
      assert.deepEqual(multiply(curve, G, 2n), pointAdd(curve, G, G));
      assert.deepEqual(multiply(curve, G, curve.n - 1n), { x: G.x, y: curve.p - G.y });
    });
  }

  it('ECDSA signs and verifies on brainpoolP256r1 and rejects a tampered message', () => {
    const curve = curves.brainpoolP256r1;
    const d = 0x1234567890abcdefn;
    const Q = multiply(curve, generator(curve), d)!;
    const message = new TextEncoder().encode('Recueil');
    const signature = ecdsaSign(curve, d, 'sha256', message, systemRandom);
    assert.equal(signature.length, 64);
    assert.ok(ecdsaVerify(curve, Q, 'sha256', message, signature));
    assert.ok(!ecdsaVerify(curve, Q, 'sha256', new TextEncoder().encode('Recueil!'), signature));
  });
});
