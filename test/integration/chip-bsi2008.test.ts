/**
 * Evaluation on documents the project did not make (skipped when ../shared/data is absent):
 * the BSI 2008 test passport data groups through `inspectLdsDirectory` (DG3 yields two 500 ppi
 * WSQ fingers that decode; DG2's JPEG 2000 face decodes), and the Dutch 2009 test CV certificate chain with its private keys.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generator, multiply } from '../../drivers/devices/emrtd/crypto/ec';
import { ecdsaVerify } from '../../drivers/devices/emrtd/crypto/ecdsa';
import {
  cvKeyOf,
  parseCvCertificate,
  verifyCvSignature,
} from '../../drivers/devices/emrtd/cvc/cv-certificate';
import { SoftwareTerminalSigner } from '../../drivers/devices/emrtd/cvc/terminal-signer';
import { decodeFaceImage } from '../../drivers/devices/emrtd/lds/biometric-images';
import { parseDg2 } from '../../drivers/devices/emrtd/lds/dg2';
import { decodeFingerImage, parseDg3 } from '../../drivers/devices/emrtd/lds/dg3';
import { inspectLdsDirectory, inspectLdsDirectoryDetailed } from '../../drivers/devices/emrtd/reader/inspect';
import { bytesToBigInt } from '../../drivers/devices/emrtd/tlv/asn1';
import { children, expectTlv } from '../../drivers/devices/emrtd/tlv/tlv';

const data = join(import.meta.dirname, '../../../shared/data/chip');
const bsi = join(data, 'bsi2008');
const nl = join(data, 'nl-test-pki-2009');

describe('BSI 2008 test passport (inspect)', { skip: existsSync(bsi) ? undefined : `${bsi} absent` }, () => {
  it('parses DG1, DG2, DG3 and checks the SOD (signature and hashes)', () => {
    const json = inspectLdsDirectory(bsi);
    assert.deepEqual(json.dg1, {
      documentType: 'P',
      issuingState: 'D',
      documentNumber: 'C11T002JM',
      nationality: 'D',
      dateOfBirth: '1996-08-12',
      sex: 'F',
      dateOfExpiry: '2013-10-31',
      names: { primaryIdentifier: 'MUSTERMANN', secondaryIdentifier: 'ERIKA' },
    });
    assert.deepEqual(json.dg2, { images: [{ format: 'jpeg2000', width: 337, height: 449 }] });
    assert.deepEqual(json.dg3, {
      fingers: [
        { position: 'right-index', format: 'wsq', width: 620, height: 620, ppi: 500 },
        { position: 'left-index', format: 'wsq', width: 620, height: 620, ppi: 500 },
      ],
    });
    assert.equal(json.sod?.hashAlgorithm, 'sha1');
    assert.equal(json.sod?.signatureOk, true);
    assert.match(json.sod?.signer?.issuer ?? '', /CSCA BDR TEST/);
    const byDg = Object.fromEntries(json.sod!.dataGroups.map((d) => [d.dg, d.hashOk]));
    assert.deepEqual(byDg, { 1: true, 2: true, 3: true, 4: false, 14: true, 15: false });
    const detailed = inspectLdsDirectoryDetailed(bsi);
    assert.ok(detailed.dg1?.checkDigitsOk);
    assert.deepEqual(detailed.com?.dataGroups, [1, 2, 3, 14]);
    assert.equal(detailed.passiveAuthentication?.chainFailure, 'untrusted');
  });

  it('DG3: the two WSQ fingers decode to 620×620 pixels', () => {
    const dg3 = parseDg3(new Uint8Array(readFileSync(join(bsi, 'Datagroup3.bin'))));
    for (const finger of dg3.fingers) {
      const image = decodeFingerImage(finger);
      assert.equal(image.width, 620);
      assert.equal(image.pixels.length, 620 * 620);
    }
  });

  it('DG2: the JPEG 2000 face decodes to RGB and PNG (its JP2 is 413×531, the 19794-5 header says 337×449)', async () => {
    const dg2 = parseDg2(new Uint8Array(readFileSync(join(bsi, 'Datagroup2.bin'))));
    const face = dg2.images[0]!;
    assert.deepEqual([face.format, face.width, face.height], ['jpeg2000', 337, 449]);
    const decoded = await decodeFaceImage(face);
    assert.deepEqual([decoded.width, decoded.height, decoded.channels], [413, 531, 3]);
    assert.equal(decoded.matchesHeader, false);
    assert.equal(decoded.pixels.length, 413 * 531 * 3);
    // A real portrait, not a flat or black frame.
    let min = 255;
    let max = 0;
    for (const v of decoded.pixels) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.ok(max - min > 150, `sample range ${min}..${max}`);
    assert.deepEqual([...decoded.png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });
});

describe('Dutch 2009 test CV certificate chain', {
  skip: existsSync(nl) ? undefined : `${nl} absent`,
}, () => {
  const read = (f: string) => new Uint8Array(readFileSync(join(nl, f)));
  const privateKey = (der: Uint8Array) => {
    // PKCS#8 { version, algorithm, OCTET STRING { ECPrivateKey { 1, OCTET STRING d, ... } } }
    const [, , wrapped] = children(expectTlv(der, 0x30, 'PKCS#8'));
    const [, d] = children(expectTlv(wrapped!.value, 0x30, 'ECPrivateKey'));
    return bytesToBigInt(d!.value);
  };

  it('verifies CVCA → DV → IS and signs a TA challenge with the IS key', async () => {
    const cvca = parseCvCertificate(read('certCVCA_orig.cvcert'));
    const dv = parseCvCertificate(read('certDVD_orig.cvcert'));
    const is = parseCvCertificate(read('certIS_orig.cvcert'));
    assert.equal(cvca.publicKey.domain?.name, 'brainpoolP224r1');
    const cvcaKey = cvKeyOf(cvca);
    assert.ok(verifyCvSignature(cvca, cvcaKey), 'CVCA self-signature');
    assert.ok(verifyCvSignature(dv, cvcaKey), 'DV signed by the CVCA');
    const isKey = cvKeyOf(is, cvcaKey.curve);
    assert.ok(verifyCvSignature(is, cvKeyOf(dv, cvcaKey.curve)), 'IS signed by the DV');
    const d = privateKey(read('keyIS_orig.der'));
    assert.deepEqual(multiply(isKey.curve, generator(isKey.curve), d), isKey.point);
    const dCvca = privateKey(read('keyCVCA_orig.der'));
    assert.deepEqual(multiply(cvcaKey.curve, generator(cvcaKey.curve), dCvca), cvcaKey.point);
    const signer = new SoftwareTerminalSigner([read('certDVD_orig.cvcert'), read('certIS_orig.cvcert')], {
      curve: isKey.curve,
      privateKey: d,
      hash: 'sha224',
    });
    const message = new Uint8Array(28 + 8 + 28).fill(7);
    assert.ok(ecdsaVerify(isKey.curve, isKey.point, 'sha224', message, await signer.sign(message)));
  });
});
