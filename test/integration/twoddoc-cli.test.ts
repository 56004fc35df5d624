/**
 * `recueil 2ddoc verify` as outside checks call it: JSON shape, verdicts against a directory of PEM
 * certificates and a signed trust-list file, the same from a photo or scan (`--image`), and exit 2
 * with a French message on unreadable input or an unusable picture.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { encodeTwoDDoc } from '../../models/documents/twoddoc';
import {
  makeTestAuthority,
  makeTrustListSigner,
  signedTrustList,
} from '../../models/documents/twoddoc/twoddoc.testing';
import { documentImage } from '../../models/imaging/barcode.testing';

const bin = fileURLToPath(new URL('../../bin/recueil.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'recueil-2ddoc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '2ddoc', 'verify', ...args, '--json'], { encoding: 'utf8' });
  return { status: r.status, json: JSON.parse(r.stdout || '{}') };
}

describe('recueil 2ddoc verify', async () => {
  const ta = await makeTestAuthority('FR99', 'T001');
  const trustDir = join(dir, 'pem');
  spawnSync('mkdir', ['-p', trustDir]);
  writeFileSync(join(trustDir, 'FR99_T001.pem'), ta.certificatePem);
  const text = encodeTwoDDoc(
    {
      authority: 'FR99',
      certificate: 'T001',
      issued: '2026-11-02',
      signed: '2026-11-02',
      type: '00',
      fields: {
        '10': 'M/MARTIN/PAUL',
        '22': '1 PLACE DE LA MAIRIE',
        '24': '69001',
        '25': 'LYON',
        '26': 'FR',
      },
    },
    ta.privateKey,
  );

  it('says authentic with the issuer in a PEM directory, with the contract fields', () => {
    const { status, json } = run('--text', text, '--trust', trustDir);
    assert.equal(status, 0);
    assert.deepEqual(
      [
        json.header.version,
        json.header.authority,
        json.header.certificate,
        json.header.issued,
        json.header.type,
      ],
      [4, 'FR99', 'T001', '2026-11-02', '00'],
    );
    assert.equal(json.fields['25'], 'LYON');
    assert.match(json.labels['25'], /Localité/);
    assert.deepEqual([json.signature, json.verdict], ['valid', 'authentic']);
  });

  it('says altered for a forged proof, and unknown_certificate without the issuer (exit 0: it parsed)', () => {
    const forged = run('--text', text.replace('LYON', 'NICE'), '--trust', trustDir);
    assert.deepEqual([forged.status, forged.json.verdict], [0, 'altered']);
    const unknown = run('--text', text);
    assert.deepEqual([unknown.status, unknown.json.signature], [0, 'unknown_certificate']);
  });

  it('takes a signed trust-list file and refuses an expired one (exit 2)', async () => {
    const signer = makeTrustListSigner();
    const file = join(dir, 'trust.jws');
    writeFileSync(file, await signedTrustList([ta], {}, signer));
    assert.equal(run('--text', text, '--trust', file).json.verdict, 'authentic');
    writeFileSync(file, await signedTrustList([ta], { expiresAt: '2024-01-01T00:00:00Z' }, signer));
    const expired = run('--text', text, '--trust', file);
    assert.deepEqual([expired.status, expired.json.error.code], [2, 'TRUST_LIST_EXPIRED']);
  });

  it('exits 2 with a French message on input that is not a 2D-DOC', () => {
    const r = run('--text', 'https://example.org');
    assert.equal(r.status, 2);
    assert.equal(r.json.error.code, 'NOT_2DDOC');
    assert.match(r.json.error.message, /n’est pas un 2D-DOC/);
  });

  it('--image: reads the DataMatrix of a photographed proof and verifies it like --text', async () => {
    const photo = join(dir, 'proof.jpg');
    writeFileSync(photo, await documentImage(text, { rotate: 12, blur: 0.8, noise: 15, quality: 60 }));
    const genuine = run('--image', photo, '--trust', trustDir);
    assert.equal(genuine.status, 0);
    assert.deepEqual([genuine.json.header.authority, genuine.json.fields['25']], ['FR99', 'LYON']);
    assert.deepEqual([genuine.json.signature, genuine.json.verdict], ['valid', 'authentic']);
    const forged = join(dir, 'forged.png');
    writeFileSync(forged, await documentImage(text.replace('LYON', 'NICE'), { quality: 'png' }));
    assert.deepEqual(run('--image', forged, '--trust', trustDir).json.verdict, 'altered');
  });

  it('--image: exit 2 with a precise code and a French message for a picture it cannot use', async () => {
    const notImage = join(dir, 'letter.txt');
    writeFileSync(notImage, 'Madame, Monsieur,');
    const truncated = join(dir, 'truncated.jpg');
    const jpeg = await documentImage(text, {});
    writeFileSync(truncated, jpeg.subarray(0, jpeg.length >> 1));
    const cases: [string, string, RegExp][] = [
      [join(dir, 'missing.jpg'), 'UNREADABLE_IMAGE', /Image illisible/],
      [notImage, 'NOT_AN_IMAGE', /n’est pas une image/],
      [truncated, 'TRUNCATED_IMAGE', /incomplète/],
    ];
    for (const [file, code, message] of cases) {
      const r = run('--image', file);
      assert.deepEqual([r.status, r.json.error?.code], [2, code], file);
      assert.match(r.json.error.message, message);
    }
  });
});
