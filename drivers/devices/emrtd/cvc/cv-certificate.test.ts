import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../../core/errors';
import { FUZZ_RUNS, mutations } from '../testing/fuzz';
import { fromHex } from '../tlv/asn1';
import { cvKeyOf, parseCvCertificate, verifyCvSignature } from './cv-certificate';
import { createEacTestPki } from './test-pki';

/** IS certificate of the 2009 Dutch test PKI (JMRTD certIS_orig.cvcert; chip.md §2.5). */
const NL_IS =
  '7F2181D17F4E81925F290100420C4E4C44564141414E4C3030317F4947060A04007F00070202020202863904914B245CD4416621C1E5B009C3A24A0EABD095D801A6474470FDBDBF156B9CBD6B417D86223C8A4931F29CB328D4D7F5BD2CD21EC78153235F20104E4C4953373230323030304E4C3030317F4C0E060904007F0007030102015301015F25060009000501085F24060009010101085F3738C3F45719F204D6B56A4D28FB35B78AFFD308FCBCA00697696E69CF8267F61A1782CDCB1E8AC213624A2198335A7AF523D5778C1BC5107727';

describe('CV certificates', () => {
  it('parses the Dutch 2009 test IS certificate', () => {
    const c = parseCvCertificate(fromHex(NL_IS));
    assert.equal(c.car, 'NLDVAAANL001');
    assert.equal(c.chr, 'NLIS7202000NL001');
    assert.equal(c.publicKey.oid, '0.4.0.127.0.7.2.2.2.2.2');
    assert.equal(c.publicKey.hash, 'sha224');
    assert.equal(c.publicKey.point.length, 57);
    assert.equal(c.chat.role, 'is');
    assert.equal(c.chat.dg3, true);
    assert.equal(c.effectiveDate, '2009-05-18');
    assert.equal(c.expirationDate, '2009-11-18');
    assert.equal(c.signature.length, 56);
  });

  it('builds a CVCA → DV → IS test chain whose signatures verify, and rejects a tampered one', () => {
    const pki = createEacTestPki();
    const cvca = parseCvCertificate(pki.cvca);
    const dv = parseCvCertificate(pki.dv);
    const is = parseCvCertificate(pki.is);
    assert.equal(cvca.publicKey.domain?.name, 'brainpoolP256r1');
    const cvcaKey = cvKeyOf(cvca);
    assert.ok(verifyCvSignature(cvca, cvcaKey));
    assert.ok(verifyCvSignature(dv, cvcaKey));
    const dvKey = cvKeyOf(dv, cvcaKey.curve);
    assert.ok(verifyCvSignature(is, dvKey));
    assert.ok(!verifyCvSignature(is, cvcaKey));
    assert.deepEqual([cvca.chat.role, dv.chat.role, is.chat.role], ['cvca', 'dv-domestic', 'is']);
    assert.equal(is.chat.rights, 0x01);
    const tampered = pki.is.slice();
    tampered[tampered.length - 1]! ^= 1;
    assert.ok(!verifyCvSignature(parseCvCertificate(tampered), dvKey));
  });

  it(`fuzz: ${FUZZ_RUNS} mutated certificates fail only with FrameError`, () => {
    fc.assert(
      fc.property(mutations(fromHex(NL_IS)), (bytes) => {
        try {
          parseCvCertificate(bytes);
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
