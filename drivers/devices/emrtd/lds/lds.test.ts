import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeWsq } from '../../../../models/fingerprint/wsq';
import { syntheticFingerprint } from '../../../../models/fingerprint/wsq/test-fixtures';
import { FrameError } from '../../../core/errors';
import { verifyPassiveAuthentication } from '../pa/passive-auth';
import { buildSod, createDocumentPki } from '../simulator/document-pki';
import { OID_PACE_ECDH_GM_AES_256 } from '../simulator/personalisation';
import { FUZZ_RUNS, mutations } from '../testing/fuzz';
import { encodeInteger, encodeOid, fromHex, sequence, set } from '../tlv/asn1';
import { encodeTlv } from '../tlv/tlv';
import { encodeBiometricGroup } from './cbeff';
import { parseCom } from './com';
import { encodeCvcaFile, parseCvcaFile } from './cvca';
import { encodeDg1, parseDg1 } from './dg1';
import { encodeFaceRecord, parseDg2 } from './dg2';
import { decodeFingerImage, encodeFingerRecord, fingerImageConsistent, parseDg3 } from './dg3';
import { ldsFileOfName } from './files';
import { buildTd1, parseMrz } from './mrz';
import { parseCardAccess, parseDg14 } from './security-infos';
import { parseSod } from './sod';

const fingers = (() => {
  const px = syntheticFingerprint(96, 112, 3);
  const wsq = encodeWsq({ width: 96, height: 112, pixels: px, ppi: 500 }, { bitrate: 0.75 });
  return encodeBiometricGroup(0x63, [
    {
      type: 8,
      subtype: 9,
      formatType: 7,
      data: encodeFingerRecord([{ positionCode: 2, width: 96, height: 112, quality: 70, bytes: wsq }]),
    },
    {
      type: 8,
      subtype: 10,
      formatType: 7,
      data: encodeFingerRecord([{ positionCode: 7, width: 96, height: 112, quality: 60, bytes: wsq }]),
    },
  ]);
})();

const jpegStub = fromHex('FFD8FFC0001108014000F00301220002110103110100FFD9');
const dg2 = encodeBiometricGroup(0x75, [
  {
    type: 2,
    subtype: 0,
    formatType: 8,
    data: encodeFaceRecord({ bytes: jpegStub, width: 240, height: 320, format: 'jpeg' }),
  },
]);

describe('MRZ and DG1', () => {
  it('parses a TD1 (CNIe) MRZ and verifies every check digit', () => {
    const mrz = buildTd1({
      issuingState: 'FRA',
      documentNumber: 'X4RTBPFW4',
      nationality: 'FRA',
      dateOfBirth: '900215',
      sex: 'F',
      dateOfExpiry: '330614',
      primaryIdentifier: 'MARTIN',
      secondaryIdentifier: 'CAMILLE ALIX',
    });
    const parsed = parseDg1(encodeDg1(mrz));
    assert.equal(parsed.format, 'TD1');
    assert.equal(parsed.documentNumber, 'X4RTBPFW4');
    assert.equal(parsed.secondaryIdentifier, 'CAMILLE ALIX');
    assert.ok(parsed.checkDigitsOk);
    const tampered = `${mrz.slice(0, 30)}900216${mrz.slice(36)}`;
    const bad = parseMrz(tampered);
    assert.equal(bad.checkDigitsOk, false);
    assert.deepEqual(
      bad.checks.filter((c) => !c.ok).map((c) => c.field),
      ['dateOfBirth', 'composite'],
    );
  });

  it('parses the ICAO 9303-4 TD3 specimen', () => {
    const m = parseMrz(
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    );
    assert.equal(m.documentNumber, 'L898902C3');
    assert.equal(m.secondaryIdentifier, 'ANNA MARIA');
    assert.ok(m.checkDigitsOk, JSON.stringify(m.checks));
  });
});

describe('LDS files', () => {
  it('EF.COM, EF.CVCA, file names', () => {
    assert.deepEqual(parseCom(fromHex('60145F0104303130365F36063034303030305C026175')), {
      ldsVersion: '0106',
      unicodeVersion: '040000',
      dataGroups: [1, 2],
    });
    assert.deepEqual(parseCvcaFile(encodeCvcaFile(['UTCVCA00001'])), ['UTCVCA00001']);
    assert.equal(ldsFileOfName('Datagroup3.bin')?.fid, 0x0103);
    assert.equal(ldsFileOfName('EF_SOD.bin')?.name, 'SOD');
    assert.equal(ldsFileOfName('ef011D.bin')?.name, 'SOD');
    assert.equal(ldsFileOfName('ef0101.bin')?.name, 'DG1');
    assert.equal(ldsFileOfName('EF_COM.bin')?.name, 'COM');
    assert.equal(ldsFileOfName('photo.jpg'), undefined);
  });

  it('DG2: JPEG face with its size', () => {
    const parsed = parseDg2(dg2);
    assert.deepEqual(
      parsed.images.map((i) => [i.format, i.width, i.height]),
      [['jpeg', 240, 320]],
    );
  });

  it('DG3: two WSQ fingers at 500 ppi that decode', () => {
    const parsed = parseDg3(fingers);
    assert.deepEqual(
      parsed.fingers.map((f) => [f.position, f.format, f.width, f.height, f.ppi, f.quality]),
      [
        ['right-index', 'wsq', 96, 112, 500, 70],
        ['left-index', 'wsq', 96, 112, 500, 60],
      ],
    );
    assert.ok(parsed.fingers.every(fingerImageConsistent));
    assert.equal(decodeFingerImage(parsed.fingers[1]!).pixels.length, 96 * 112);
  });

  it('SecurityInfos: PACEInfo and DG14 keys', () => {
    const access = parseCardAccess(
      set(sequence(encodeOid(OID_PACE_ECDH_GM_AES_256), encodeInteger(2), encodeInteger(13))),
    );
    assert.deepEqual(access[0], {
      type: 'PACEInfo',
      oid: OID_PACE_ECDH_GM_AES_256,
      mapping: 'ECDH-GM',
      cipher: { family: 'aes', keyLength: 32 },
      version: 2,
      parameterId: 13,
    });
    assert.throws(() => parseDg14(fromHex('6E00')), FrameError);
  });
});

describe('fuzz: every LDS parser fails only with FrameError on malformed input', () => {
  const dgs = new Map([
    [
      1,
      encodeDg1('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10'),
    ],
  ]);
  const sod = buildSod(dgs, createDocumentPki());
  const parsers: [string, (b: Uint8Array) => unknown, Uint8Array][] = [
    [
      'DG1',
      parseDg1,
      encodeDg1('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10'),
    ],
    ['DG2', parseDg2, dg2],
    ['DG3', parseDg3, fingers],
    ['EF.COM', parseCom, fromHex('60145F0104303130365F36063034303030305C026175')],
    ['EF.CVCA', parseCvcaFile, encodeCvcaFile(['UTCVCA00001', 'UTCVCA00002'])],
    [
      'EF.CardAccess',
      parseCardAccess,
      set(sequence(encodeOid(OID_PACE_ECDH_GM_AES_256), encodeInteger(2), encodeInteger(13))),
    ],
    [
      'DG14',
      parseDg14,
      encodeTlv(0x6e, set(sequence(encodeOid('0.4.0.127.0.7.2.2.3.2.4'), encodeInteger(1)))),
    ],
    ['EF.SOD', parseSod, sod],
  ];
  for (const [name, parse, seed] of parsers) {
    it(`${name}: ${FUZZ_RUNS} mutated/truncated/random inputs`, () => {
      const mutated = mutations(seed, 160);
      fc.assert(
        fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 80 })), (bytes) => {
          try {
            parse(bytes);
          } catch (error) {
            if (!(error instanceof FrameError))
              throw new Error(`${name}: ${(error as Error).name}: ${(error as Error).message}`);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
    });
  }
});

it(`passive authentication never throws on ${FUZZ_RUNS} mutated SODs and reports a failed check`, () => {
  const dg1 = encodeDg1(
    'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10',
  );
  const dataGroups = new Map([[1, dg1]]);
  const sod = buildSod(dataGroups, createDocumentPki());
  let failed = 0;
  fc.assert(
    fc.property(mutations(sod), (bytes) => {
      const verdict = verifyPassiveAuthentication({ sod: bytes, dataGroups });
      if (!verdict.checks.filter((c) => c.id !== 'signer-chain').every((c) => c.ok)) failed += 1;
    }),
    { numRuns: FUZZ_RUNS },
  );
  assert.ok(failed > FUZZ_RUNS / 2, `only ${failed} mutated SODs failed a check`);
});
