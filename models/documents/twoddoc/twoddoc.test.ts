import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeC40, encodeC40 } from './c40';
import { encodeTwoDDoc } from './encode';
import { TwoDDocError } from './errors';
import { GS, parseTwoDDoc, US } from './parse';
import { loadSignedTrustList, TrustList, type TrustListError } from './trust';
import { makeTestAuthority, makeTrustListSigner, signedTrustList } from './twoddoc.testing';
import { verifyTwoDDoc } from './verify';

const sep = (s: string) => s.replaceAll('<GS>', GS).replaceAll('<US>', US);

/**
 * The specimen messages of the ANTS specification (annex examples, types 00-04, as published in
 * betagouv/2ddoc-parser doc/examples_final), with the signature bytes the spec lists beside each.
 */
const specimens = [
  {
    type: '00',
    text: 'DC03FR000001123F1636000126FR245700010MLLE/SAMPLE/ANGELA<GS>20<GS>21BAT 2 ETG 3<GS>227 PLACE DES SPECIMENS<GS>23<GS>25METZ<GS><US>3HJIYP3OAJ4LIZNQXCTZMNQPTT5C2XICTEF4UGJ3NDE2CWM7HJOEEK4ACIY4CZOO5ZOFG35APDZMZQFEAEBWRZTW4CBPG35JE2FJ4EY',
    fields: {
      '26': 'FR',
      '24': '57000',
      '10': 'MLLE/SAMPLE/ANGELA',
      '20': '',
      '21': 'BAT 2 ETG 3',
      '22': '7 PLACE DES SPECIMENS',
      '23': '',
      '25': 'METZ',
    },
    signatureHex:
      'D9D28C3F6E0278B465B0B8A796360F9CFA2D5D02990BCA193B68C9A1599F3A5C422B801231C165CEEE5C536FA078F2CCC0A4010368E676E082F36FA9268A9E13',
    issued: '2012-10-15',
    signed: '2015-07-27',
  },
  {
    type: '01',
    text: 'DC03FR000001123F1636010126FR247500010MME/SPECIMEN/NATACHA<GS>22145 AVENUE DES SPECIMENS<GS><US>FEDMPW5SO5BNZFYP7FIQUYZFV5H3OF6QERDMOBN7BZ4CC4KVJ4XWUH6EW3CSWILAGLN4XQE6AKHX6RNOI3OXVW6X3IKJASZGL62FBUQ',
    fields: { '26': 'FR', '24': '75000', '10': 'MME/SPECIMEN/NATACHA', '22': '145 AVENUE DES SPECIMENS' },
    signatureHex:
      '2906C7DBB27742DC970FF9510A6325AF4FB717D02446C705BF0E782171554F2F6A1FC4B6C52B216032DBCBC09E028F7F45AE46DD7ADBD7DA14904B265FB450D2',
    issued: '2012-10-15',
    signed: '2015-07-27',
  },
  {
    type: '02',
    text: 'DC03FR000001123F1636020126FR244400010M/ECHANTILLON/ARTHUR<GS>2242 SQUARE DES ECHANTILLONS<GS>25NANTES<GS><US>UBFF4NY7MIXQVUZYMRDRGXBTVWIVMCNP76TN7SA24QUJ4AAHG4WTLA2QZ5TSC54F2OQRMWOAKSHLXJLNHXH4GJPBHBWXBO3PMSDOVZI',
    fields: {
      '26': 'FR',
      '24': '44000',
      '10': 'M/ECHANTILLON/ARTHUR',
      '22': '42 SQUARE DES ECHANTILLONS',
      '25': 'NANTES',
    },
    signatureHex:
      'A04A5E371F622F0AD3386447135C33AD915609AFFFA6DFC81AE4289E0007372D358350CF67217785D3A11659C0548EBBA56D3DCFC325E1386D70BB6F6486EAE5',
    issued: '2012-10-15',
    signed: '2015-07-27',
  },
  {
    type: '03',
    text: 'DC03FR000001FFFF1636030130M EXEMPLE HENRY ET MME SPECIMEN NATACHA<GS>31FR7030002005500000157845Z02<GS>32CRLYFRPP<GS><US>EQOSLUFV626SM4K7PTNO3PDT7IM736GLXXBJALK4MCSWJM3QIWQ7ASSCV5VNPS5HD2QZPVTCE76W5WG5MFFFJZWWOIDDLNVT2JX3HLI',
    fields: {
      '30': 'M EXEMPLE HENRY ET MME SPECIMEN NATACHA',
      '31': 'FR7030002005500000157845Z02',
      '32': 'CRLYFRPP',
    },
    signatureHex:
      '241D25D0B5F6BD26715F7CDAEDBC73FA19FDF8CBBDC2902D5C60A564B37045A1F04A42AF6AD7CBA71EA197D66227FD6ED8DD614A54E6D6720635B6B3D26FB3AD',
    issued: null,
    signed: '2015-07-27',
  },
  {
    type: '04',
    text: 'DC04FR000001FFFF1FB60401FR432,75<GS>44227801234567845202146RETI PATRICK<GS>4A310720224163198<GS>47300112345678948RETI SOPHIE<GS>490701987765432<US>QHA4A6QOV6AZJEBTIUNR7QOBXINNTMZTD5COQH6VN24NCZTXA7MYXB6SNSNTWAQRYK3ZFP4ZWBGLTJ6SDSPMURF7YFILKQFIAJY7NTI',
    fields: {
      '43': '2,75',
      '44': '2278012345678',
      '45': '2021',
      '46': 'RETI PATRICK',
      '4A': '31072022',
      '41': '63198',
      '47': '3001123456789',
      '48': 'RETI SOPHIE',
      '49': '0701987765432',
    },
    signatureHex:
      '81C1C07A0EAF81949033451B1FC1C1BA1AD9B3331F44E81FD56EB8D1667707D98B87D26C9B3B0211C2B792BF99B04CB9A7D21C9ECA44BFC150B540A80271F6CD',
    issued: null,
    signed: '2022-03-24',
  },
];

describe('2D-DOC parsing on the ANTS specimens (types 00-04)', () => {
  for (const s of specimens) {
    it(`type ${s.type}: header, fields in order, and the published signature bytes`, () => {
      const doc = parseTwoDDoc(sep(s.text));
      assert.equal(doc.header.authority, 'FR00');
      assert.equal(doc.header.certificate, '0001');
      assert.equal(doc.header.type, s.type);
      assert.equal(doc.header.perimeter, '01');
      assert.equal(doc.header.issued, s.issued);
      assert.equal(doc.header.signed, s.signed);
      assert.deepEqual(Object.entries(doc.fields), Object.entries(s.fields));
      for (const id of Object.keys(s.fields)) assert.ok(doc.labels[id]!.length > 3);
      assert.equal(Buffer.from(doc.signature!).toString('hex').toUpperCase(), s.signatureHex);
      // The certificate of the spec's specimen authority is not in the station's trust list.
      assert.equal(verifyTwoDDoc(doc, TrustList.empty()).verdict, 'unknown_certificate');
    });
  }

  it('reads DC04 headers with the issuing country', () => {
    const doc = parseTwoDDoc(sep(specimens[4]!.text));
    assert.equal(doc.header.version, 4);
    assert.equal(doc.header.country, 'FR');
  });
});

describe('2D-DOC signature verification against the trust list', async () => {
  const ta = await makeTestAuthority('FR99', 'T001');
  const other = await makeTestAuthority('FR99', 'T002');
  const signer = makeTrustListSigner();
  const trust = await loadSignedTrustList(await signedTrustList([ta, other], { revoked: [other] }, signer));
  const content = {
    authority: 'FR99',
    certificate: 'T001',
    issued: '2026-11-02',
    signed: '2026-11-02',
    type: '00',
    fields: { '10': 'M/DUPONT/JEAN', '22': '12 RUE DE LA MAIRIE', '24': '75001', '25': 'PARIS', '26': 'FR' },
  };

  it('accepts a proof signed by a trusted authority', () => {
    const result = verifyTwoDDoc(parseTwoDDoc(encodeTwoDDoc(content, ta.privateKey)), trust);
    assert.deepEqual([result.signature, result.verdict], ['valid', 'authentic']);
  });

  it('refuses a proof whose signed content was altered (one character)', () => {
    const genuine = encodeTwoDDoc(content, ta.privateKey);
    const forged = genuine.replace('12 RUE', '13 RUE');
    const result = verifyTwoDDoc(parseTwoDDoc(forged), trust);
    assert.deepEqual([result.signature, result.verdict], ['invalid', 'altered']);
  });

  it('refuses a proof signed by another key under a trusted certificate id', async () => {
    const impostor = await makeTestAuthority('FR99', 'T001');
    const result = verifyTwoDDoc(parseTwoDDoc(encodeTwoDDoc(content, impostor.privateKey)), trust);
    assert.equal(result.verdict, 'altered');
  });

  it('says revoked, unknown certificate, expired and unsigned', () => {
    const revoked = encodeTwoDDoc({ ...content, certificate: 'T002' }, other.privateKey);
    assert.equal(verifyTwoDDoc(parseTwoDDoc(revoked), trust).verdict, 'revoked');
    const unknown = encodeTwoDDoc({ ...content, certificate: 'T009' }, ta.privateKey);
    assert.equal(verifyTwoDDoc(parseTwoDDoc(unknown), trust).verdict, 'unknown_certificate');
    // Field 08: expiry as hex days since 2000-01-01 (0x2000 = 2022-06-05).
    const expired = encodeTwoDDoc({ ...content, fields: { ...content.fields, '08': '2000' } }, ta.privateKey);
    assert.equal(verifyTwoDDoc(parseTwoDDoc(expired), trust).verdict, 'expired');
    const unsigned = encodeTwoDDoc(content, ta.privateKey).split(US)[0]!;
    assert.equal(verifyTwoDDoc(parseTwoDDoc(unsigned), trust).signature, 'absent');
  });

  it('reads and verifies the binary form (VDS layout: C40 header, TLV message, 0xFF signature)', () => {
    const date = (mmddyyyy: number) => [(mmddyyyy >> 16) & 0xff, (mmddyyyy >> 8) & 0xff, mmddyyyy & 0xff];
    const value = encodeC40('DUPONT');
    const body = Uint8Array.from([
      0xdc,
      0x03,
      ...encodeC40('FR'),
      ...encodeC40('FR9904'),
      ...encodeC40('T001'),
      ...date(11022026),
      ...date(11022026),
      0x01,
      0x00,
      0x10,
      value.length,
      ...value,
      0x24,
      4,
      ...encodeC40('75001'),
    ]);
    const signature = sign('sha256', body, { key: ta.privateKey, dsaEncoding: 'ieee-p1363' });
    const bytes = Uint8Array.from([...body, 0xff, signature.length, ...signature]);
    const doc = parseTwoDDoc(bytes);
    assert.deepEqual(
      [doc.header.encoding, doc.header.authority, doc.header.certificate, doc.header.issued, doc.header.type],
      ['binary', 'FR99', 'T001', '2026-11-02', '00'],
    );
    assert.deepEqual(doc.fields, { '10': 'DUPONT', '24': '75001' });
    assert.equal(verifyTwoDDoc(doc, trust).verdict, 'authentic');
    const altered = Uint8Array.from(bytes);
    altered[body.length - 1] = (altered[body.length - 1] ?? 0) ^ 0x01;
    assert.notEqual(verifyTwoDDoc(parseTwoDDoc(altered), trust).verdict, 'authentic');
  });

  it('refuses a trust list with a bad signature, a foreign signer or past its expiry', async () => {
    const good = await signedTrustList([ta], {}, signer);
    const [h, p, sig] = good.split('.');
    const tampered = [h, Buffer.from(JSON.stringify({ hacked: true })).toString('base64url'), sig].join('.');
    await assert.rejects(
      loadSignedTrustList(tampered),
      (e: TrustListError) => e.code === 'TRUST_LIST_SIGNATURE',
    );
    const pin = (await loadSignedTrustList(good)).source;
    assert.equal(pin.kind, 'signed-list');
    const foreign = await signedTrustList([ta]);
    await assert.rejects(
      loadSignedTrustList(foreign, { pinnedSigner: pin.kind === 'signed-list' ? pin.signer : '' }),
      (e: TrustListError) => e.code === 'TRUST_LIST_SIGNER',
    );
    const old = await signedTrustList([ta], { expiresAt: '2025-01-01T00:00:00Z' }, signer);
    await assert.rejects(
      loadSignedTrustList(old),
      (e: TrustListError) => e.code === 'TRUST_LIST_EXPIRED' && /expirée/.test(e.messageFr),
    );
    assert.ok(p);
  });

  it('never throws anything but a TrustListError on arbitrary or mutated trust lists (fuzz)', async () => {
    const good = await signedTrustList([ta], {}, signer);
    const pin = (await loadSignedTrustList(good)).source;
    const pinnedSigner = pin.kind === 'signed-list' ? pin.signer : '';
    const refused = async (text: string) => {
      try {
        await loadSignedTrustList(text, { pinnedSigner });
        return false;
      } catch (error) {
        assert.ok(error instanceof Error && error.name === 'TrustListError', String(error));
        assert.ok((error as TrustListError).messageFr.length > 20);
        return true;
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.stringMatching(/^[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,80}$/),
        ),
        async (text) => assert.ok(await refused(text)),
      ),
      { numRuns: 60 },
    );
    // One character changed anywhere in a good list: refused (signature or format), or the same list.
    await fc.assert(
      fc.asyncProperty(fc.nat(good.length - 1), fc.constantFrom(...'AZaz09-_.'), async (at, ch) => {
        const mutated = good.slice(0, at) + ch + good.slice(at + 1);
        if (!(await refused(mutated))) assert.ok(mutated === good || at === good.length - 1);
      }),
      { numRuns: 60 },
    );
  });
});

describe('2D-DOC bad input', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof TwoDDocError, String(error));
      assert.ok(error.messageFr.length > 10);
      return error.code;
    }
    return 'parsed';
  };
  const s0 = sep(specimens[0]!.text);

  it('names each cause', () => {
    assert.equal(
      code(() => parseTwoDDoc('https://example.org/qr')),
      'NOT_2DDOC',
    );
    assert.equal(
      code(() => parseTwoDDoc('DC09FR000001123F163600')),
      'UNSUPPORTED_VERSION',
    );
    assert.equal(
      code(() => parseTwoDDoc('DC03FR000001123F')),
      'TRUNCATED',
    );
    assert.equal(
      code(() => parseTwoDDoc(s0.slice(0, 30))),
      'TRUNCATED',
    );
    assert.equal(
      code(() => parseTwoDDoc(s0.replace('FR000001123F1636000126', 'FR000001123F1636ZZ0126'))),
      'UNKNOWN_DOCUMENT_TYPE',
    );
    assert.equal(
      code(() => parseTwoDDoc(`${s0.split(US)[0]}${US}AAAA`)),
      'BAD_SIGNATURE_ENCODING',
    );
    assert.equal(
      code(() => parseTwoDDoc(`${s0.split(US)[0]}${US}${'A'.repeat(90)}`)),
      'BAD_SIGNATURE_ENCODING',
    );
    assert.equal(
      code(() => parseTwoDDoc(`${s0.split(US)[0]}${US}0189!!`)),
      'BAD_SIGNATURE_ENCODING',
    );
    assert.equal(
      code(() => parseTwoDDoc('X'.repeat(10_000))),
      'TOO_LARGE',
    );
    assert.equal(
      code(() => parseTwoDDoc(Uint8Array.from([0xdc, 0x03, 0xff, 0xff]))),
      'BAD_C40',
    );
  });

  it('never throws anything but a TwoDDocError on arbitrary or mutated input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        code(() => parseTwoDDoc(`DC0${s}`));
        code(() => parseTwoDDoc(s));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        code(() => parseTwoDDoc(Uint8Array.from([0xdc, ...bytes])));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.nat(s0.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
        code(() => parseTwoDDoc(s0.slice(0, at) + ch + s0.slice(at + 1)));
      }),
      { numRuns: 400 },
    );
  });
});

describe('C40 packing', () => {
  it('round-trips the basic set, with the padded pair and the single last character', () => {
    for (const text of ['FR', 'FRA', 'FR99', 'UTO', 'D<', 'A', '0001T']) {
      const clean = text.replace('<', ' ');
      assert.equal(decodeC40(encodeC40(clean)), clean);
    }
  });

  it('refuses invalid triplets', () => {
    assert.throws(() => decodeC40(Uint8Array.from([0xfa, 0x01])), /BAD_C40/); // U = 64001
    assert.throws(() => decodeC40(Uint8Array.from([0x00, 0x00])), /BAD_C40/); // U = 0
    assert.throws(() => decodeC40(Uint8Array.from([0x00, 0x01])), /BAD_C40/); // shift values
    assert.throws(() => decodeC40(Uint8Array.from([0xfe])), /BAD_C40/);
    assert.throws(() => decodeC40(Uint8Array.from([0x19])), /BAD_C40/);
  });
});
