import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CompactSign } from 'jose';
import {
  encodeFingerImageRecord2011,
  parseFingerImageRecord,
} from '../../../../models/fingerprint/formats/iso19794-4';
import { FingerRecordError } from '../../../../models/fingerprint/formats/record-error';
import { FrameError } from '../../../core/errors';
import { createDeviceIdentity } from '../sim/device-keys';
import { chainHash, SBI_INITIAL_HASH, verifyChainLink } from './hash-chain';
import { SbiSignatureError, verifySbiJws } from './jws';
import { sbiError } from './messages';
import { MultipartParser } from './multipart';

/** Fuzz budget per property (bounded to keep the file fast). */
const RUNS = 300;

/** A 19794-4:2005 record assembled field by field, independently of our 2011 encoder. */
function record2005(width: number, height: number, data: Uint8Array, compression: number): Uint8Array {
  const fingerBlock = 14 + data.length;
  const total = 32 + fingerBlock;
  const b = Buffer.alloc(total);
  Buffer.from([0x46, 0x49, 0x52, 0, 0x30, 0x31, 0x30, 0]).copy(b, 0);
  b.writeUIntBE(total, 8, 6);
  b.writeUInt16BE(0, 14); // capture device id
  b.writeUInt16BE(31, 16); // acquisition level
  b.writeUInt8(1, 18); // fingers
  b.writeUInt8(2, 19); // pixels per cm
  b.writeUInt16BE(197, 20);
  b.writeUInt16BE(197, 22);
  b.writeUInt16BE(197, 24);
  b.writeUInt16BE(197, 26);
  b.writeUInt8(8, 28);
  b.writeUInt8(compression, 29);
  b.writeUInt32BE(fingerBlock, 32);
  b.writeUInt8(7, 36); // left index
  b.writeUInt8(1, 37);
  b.writeUInt8(1, 38);
  b.writeUInt8(62, 39); // quality
  b.writeUInt8(0, 40);
  b.writeUInt16BE(width, 41);
  b.writeUInt16BE(height, 43);
  Buffer.from(data).copy(b, 46);
  return Uint8Array.from(b);
}

describe('ISO/IEC 19794-4 parser', () => {
  it('parses a 2005 record built by hand (WSQ payload exposed, ppcm converted to ppi)', () => {
    const payload = Uint8Array.from([0xff, 0xa0, 1, 2, 3]);
    const r = parseFingerImageRecord(record2005(4, 2, payload, 2));
    assert.equal(r.version, '010');
    const rep = r.representations[0]!;
    assert.equal(rep.compression, 'wsq');
    assert.equal(rep.position, 7);
    assert.equal(rep.quality, 62);
    assert.equal(rep.ppi, 500);
    assert.equal(rep.width, 4);
    assert.deepEqual([...rep.data], [...payload]);
  });

  it('round-trips 2011 records for raw, PNG and JPEG 2000 lossless payloads', () => {
    for (const compression of ['raw', 'png', 'jpeg2000-lossless', 'wsq'] as const) {
      const data = Uint8Array.from({ length: 24 }, (_, i) => i * 7);
      const bytes = encodeFingerImageRecord2011({
        position: 2,
        width: 6,
        height: 4,
        ppi: 500,
        quality: 71,
        compression,
        data,
      });
      const r = parseFingerImageRecord(bytes);
      assert.equal(r.version, '020');
      assert.equal(r.recordLength, bytes.length);
      const rep = r.representations[0]!;
      assert.equal(rep.compression, compression);
      assert.equal(rep.quality, 71);
      assert.equal(rep.position, 2);
      assert.deepEqual([rep.width, rep.height, rep.ppi, rep.bitDepth], [6, 4, 500, 8]);
      assert.deepEqual([...rep.data], [...data]);
    }
  });

  it('rejects bad magic, versions and lengths with typed errors', () => {
    const good = encodeFingerImageRecord2011({
      position: 0,
      width: 2,
      height: 2,
      ppi: 500,
      compression: 'raw',
      data: new Uint8Array(4),
    });
    const codeOf = (bytes: Uint8Array) => {
      try {
        parseFingerImageRecord(bytes);
        return 'none';
      } catch (error) {
        assert.ok(error instanceof FrameError || error instanceof FingerRecordError);
        return error.code;
      }
    };
    assert.equal(codeOf(good.subarray(0, good.length - 1)), 'TRUNCATED');
    assert.equal(codeOf(Uint8Array.from([...good, 0])), 'BAD_LENGTH');
    const badMagic = Uint8Array.from(good);
    badMagic[0] = 0x41;
    assert.equal(codeOf(badMagic), 'BAD_HEADER');
    const badVersion = Uint8Array.from(good);
    badVersion[5] = 0x39;
    assert.equal(codeOf(badVersion), 'BAD_HEADER');
  });

  it('fuzz: random bytes (with and without a valid prefix) only ever raise FrameError', () => {
    const prefix = Buffer.from([0x46, 0x49, 0x52, 0, 0x30, 0x32, 0x30, 0]);
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 300 }), (withPrefix, tail) => {
        const bytes = withPrefix ? Uint8Array.from([...prefix, ...tail]) : tail;
        try {
          parseFingerImageRecord(bytes);
        } catch (error) {
          assert.ok(error instanceof FrameError || error instanceof FingerRecordError, String(error));
        }
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('fuzz: mutating one byte of a valid record never crashes and never yields out-of-record data', () => {
    const good = encodeFingerImageRecord2011({
      position: 1,
      width: 8,
      height: 8,
      ppi: 500,
      quality: 50,
      compression: 'raw',
      data: new Uint8Array(64).fill(9),
    });
    fc.assert(
      fc.property(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const bytes = Uint8Array.from(good);
        bytes[at] = value;
        try {
          const r = parseFingerImageRecord(bytes);
          const total = r.representations.reduce((n, rep) => n + rep.data.length, 0);
          assert.ok(total <= bytes.length);
        } catch (error) {
          assert.ok(error instanceof FrameError || error instanceof FingerRecordError, String(error));
        }
      }),
      { numRuns: RUNS, seed: 8 },
    );
  });
});

describe('SBI hash chain', () => {
  it('starts from SHA-256 of the empty string and chains previousHash ‖ SHA-256(ISO)', () => {
    assert.equal(SBI_INITIAL_HASH, 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
    const iso = Buffer.from('record one');
    const expected = createHash('sha256')
      .update(
        Buffer.concat([Buffer.from(SBI_INITIAL_HASH, 'hex'), createHash('sha256').update(iso).digest()]),
      )
      .digest('hex')
      .toUpperCase();
    const first = chainHash(SBI_INITIAL_HASH, iso);
    assert.equal(first, expected);
    assert.equal(chainHash('', iso), first, 'an empty previousHash means the initial hash');
    assert.ok(verifyChainLink(SBI_INITIAL_HASH, iso, first.toLowerCase()));
    assert.ok(!verifyChainLink(first, iso, first), 'a link must not verify against the wrong predecessor');
    assert.ok(!verifyChainLink('not-hex', iso, first));
  });
});

describe('SBI JWS verification', () => {
  const device = createDeviceIdentity();
  const sign = (payload: unknown, x5c = [device.certificateBase64], key = device.privateKey) =>
    new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', x5c }).sign(key);

  it('verifies with the x5c certificate and pins trust anchors', async () => {
    const jws = await sign({ hello: 'world' });
    const ok = await verifySbiJws<{ hello: string }>(jws);
    assert.equal(ok.payload.hello, 'world');
    assert.equal(ok.thumbprint, device.certificate.fingerprint256);
    await verifySbiJws(jws, { trust: { anchors: [device.certificate.toString()] } });
    const other = createDeviceIdentity();
    await assert.rejects(
      verifySbiJws(jws, { trust: { anchors: [other.certificate.toString()] } }),
      (e: unknown) => e instanceof SbiSignatureError && e.reason === 'UNTRUSTED',
    );
  });

  it('simulated device certificates encode any serial as a minimal DER integer', () => {
    // Random serials starting with zero bytes once made a non-minimal INTEGER that OpenSSL refused.
    for (const serial of [
      Uint8Array.of(0x00, 0x05, 0x01),
      Uint8Array.of(0x00, 0x00, 0x90, 0x01),
      Uint8Array.of(0x80, 0x01),
      Uint8Array.of(0x00),
    ]) {
      const { certificate } = createDeviceIdentity({ serial });
      const expected = Buffer.from(serial)
        .toString('hex')
        .replace(/^(00)+(?=.)/, '')
        .toUpperCase();
      assert.equal(certificate.serialNumber.replace(/^0+(?=.)/, ''), expected.replace(/^0+(?=.)/, ''));
    }
  });

  it('rejects a tampered payload, a foreign key and an expired certificate', async () => {
    const jws = await sign({ score: 10 });
    const [h, , s] = jws.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ score: 99 })).toString('base64url')}.${s}`;
    const reason = async (p: Promise<unknown>) =>
      p.then(
        () => 'none',
        (e: unknown) => (e instanceof SbiSignatureError ? e.reason : String(e)),
      );
    assert.equal(await reason(verifySbiJws(tampered)), 'BAD_SIGNATURE');
    const other = createDeviceIdentity();
    assert.equal(
      await reason(verifySbiJws(await sign({ a: 1 }, [device.certificateBase64], other.privateKey))),
      'BAD_SIGNATURE',
    );
    assert.equal(await reason(verifySbiJws(await sign({ a: 1 }, []))), 'NO_CERTIFICATE');
    assert.equal(await reason(verifySbiJws('abc')), 'MALFORMED');
    const old = createDeviceIdentity({ validFrom: new Date('2020-01-01T00:00:00Z'), validDays: 30 });
    assert.equal(
      await reason(verifySbiJws(await sign({ a: 1 }, [old.certificateBase64], old.privateKey))),
      'CERTIFICATE_EXPIRED',
    );
  });
});

describe('SBI error codes', () => {
  it('maps 101 to the French prompt, 106 to disconnected, 111 to busy', () => {
    const noFinger = sbiError({ errorCode: '101' }, 'RCAPTURE');
    assert.equal(noFinger.kind, 'operator');
    assert.equal(noFinger.prompt, 'Posez le doigt sur le capteur');
    assert.equal(sbiError({ errorCode: '106' }, 'x').kind, 'disconnected');
    assert.equal(sbiError({ errorCode: '111' }, 'x').code, 'SBI_BUSY');
    assert.equal(sbiError({ errorCode: '503' }, 'x').code, 'SBI_ERROR_503');
  });
});

describe('M-JPEG multipart parser', () => {
  it('splits parts with and without Content-Length across arbitrary chunk cuts', () => {
    const body = Buffer.concat([
      Buffer.from('--b\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\n'),
      Buffer.from([1, 2, 3]),
      Buffer.from('\r\n--b\r\nContent-Type: image/jpeg\r\n\r\n'),
      Buffer.from([4, 5]),
      Buffer.from('\r\n--b\r\n'),
    ]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: body.length }), { maxLength: 10 }), (cuts) => {
        const parser = new MultipartParser('b');
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parts: number[][] = [];
        let last = 0;
        for (const p of [...points, body.length]) {
          for (const part of parser.push(body.subarray(last, p))) parts.push([...part.body]);
          last = p;
        }
        assert.deepEqual(parts, [
          [1, 2, 3],
          [4, 5],
        ]);
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
