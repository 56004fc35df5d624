import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompactSign, compactDecrypt, importJWK } from 'jose';
import { serializeDossier, sha256Hex } from '../dossier';
import { sampleDossier } from '../dossier/dossier.testing';
import * as centralApi from './central';
import { jsonBytes } from './claims';
import { resignDispatch, sealByHand as sealDossierByHand, type TestPki, testPki } from './crypto.testing';
import { decryptEnvelope, envelopeKeyHeader, envelopeLayout } from './envelope';
import { openSealedDossier, SealedDossierRejected } from './open';
import { type SealedDossier, sealDossier } from './seal';
import * as stationApi from './station';

let pki: TestPki;
let rogue: TestPki;
before(async () => {
  pki = await testPki();
  rogue = await testPki('MAIRIE-13055-07');
});
after(() => {
  pki.cleanup();
  rogue.cleanup();
});

const open = (sealed: { ciphertext: Uint8Array; dispatch: string }) =>
  openSealedDossier(sealed, { decryptionKey: pki.central.decryptionKey, resolveStation: pki.resolveStation });

const rejectsWith = (promise: Promise<unknown>, reason: string) =>
  assert.rejects(promise, (error) => {
    assert.ok(error instanceof SealedDossierRejected, String(error));
    assert.equal(error.reason, reason);
    return true;
  });

async function sealed(): Promise<SealedDossier> {
  return sealDossier(sampleDossier({ imageBytes: 8192 }), pki.station, pki.recipient);
}

test('the central system opens a sealed dossier and gets back exactly what was captured', async () => {
  const dossier = sampleDossier({ imageBytes: 64 * 1024 });
  const s = await sealDossier(dossier, pki.station, pki.recipient);
  assert.equal(s.ciphertextSha256, sha256Hex(s.ciphertext));
  const header = envelopeKeyHeader(s.ciphertext);
  assert.deepEqual(
    [header.alg, header.enc, header.kid, header.cty],
    ['ECDH-ES+A256KW', 'A256GCM', pki.recipient.encryptionKid, 'jwk+json'],
  );
  // Binary: the ciphertext is the frame plus a few hundred bytes, not a base64 text 4/3 its size.
  const container = serializeDossier(dossier).bytes;
  assert.ok(s.ciphertext.length < container.length + 2048, `${s.ciphertext.length}`);
  const opened = await open(s);
  assert.equal(opened.dossier.id, dossier.id);
  assert.equal(opened.dispatch.stationId, pki.station.stationId);
  assert.deepEqual(
    Buffer.from(serializeDossier(opened.dossier).bytes),
    Buffer.from(serializeDossier(dossier).bytes),
  );
  assert.deepEqual(
    opened.manifest.map((entry) => entry.sha256),
    dossier.parts.map((part) => sha256Hex(part.bytes)),
  );
});

test('the station-side API exposes nothing that decrypts, and central helpers are not in it', () => {
  const names = Object.keys(stationApi);
  assert.ok(names.includes('sealDossier') && names.includes('verifyReceipt'));
  for (const name of names)
    assert.doesNotMatch(name, /decrypt|open|unseal|central.*private|importCentralKeys/i);
  assert.ok(Object.keys(centralApi).includes('openSealedDossier'));
});

test('decrypting with anything the station holds fails', async () => {
  const s = await sealed();
  const jwe = envelopeLayout(s.ciphertext).keyJwe;
  // The station's own key pair, pressed into service as an ECDH key: unwrapping the content key fails.
  const ownKeyFile = JSON.parse(
    Buffer.from(
      await stationApi
        .passphraseProtector({ env: { RECUEIL_KEY_PASSPHRASE: 'correct horse battery staple' } })
        .unprotect(
          Buffer.from(
            JSON.parse((await import('node:fs')).readFileSync(`${pki.keyDir}/station-key.json`, 'utf8'))
              .protected,
            'base64',
          ),
        ),
    ).toString('utf8'),
  );
  const stationAsEcdh = await importJWK({ ...ownKeyFile, alg: 'ECDH-ES+A256KW' }, 'ECDH-ES+A256KW');
  await assert.rejects(compactDecrypt(jwe, stationAsEcdh));
  // The central public key the station holds cannot decrypt either.
  await assert.rejects(compactDecrypt(jwe, pki.recipient.encryptionKey));
  // Control: the central private key does.
  assert.ok((await compactDecrypt(jwe, pki.central.decryptionKey)).plaintext.length > 0);
  assert.ok((await decryptEnvelope(s.ciphertext, pki.central.decryptionKey)).length > 0);
});

const resign = (s: SealedDossier, ciphertext: Uint8Array) => resignDispatch(pki, s, ciphertext);

test('every byte in front of the ciphertext is authenticated: a changed IV or key JWE fails', async () => {
  const s = await sealed();
  const { aadLength, keyJwe } = envelopeLayout(s.ciphertext);
  for (const at of [aadLength - 1, 12 + keyJwe.length - 2]) {
    const tampered = Uint8Array.from(s.ciphertext);
    tampered[at]! ^= 0x01;
    await rejectsWith(
      open({ ciphertext: tampered, dispatch: await resign(s, tampered) }),
      'decryption-failed',
    );
  }
  const truncated = s.ciphertext.subarray(0, s.ciphertext.length - 1);
  await rejectsWith(
    open({ ciphertext: truncated, dispatch: await resign(s, truncated) }),
    'decryption-failed',
  );
});

test('a tampered ciphertext is rejected before decryption', async () => {
  const s = await sealed();
  const tampered = Uint8Array.from(s.ciphertext);
  const at = tampered.length - 40; // inside the ciphertext segment
  tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
  await rejectsWith(open({ ...s, ciphertext: tampered }), 'ciphertext-mismatch');
});

test('a tampered ciphertext that the station itself re-signed still fails the AEAD tag', async () => {
  const s = await sealed();
  const tampered = Uint8Array.from(s.ciphertext);
  const at = tampered.length - 40;
  tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
  await rejectsWith(open({ ciphertext: tampered, dispatch: await resign(s, tampered) }), 'decryption-failed');
});

test('a tampered or foreign dispatch signature is rejected', async () => {
  const s = await sealed();
  const [h, p, sig] = s.dispatch.split('.');
  const flipped = `${h}.${p}.${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
  await rejectsWith(open({ ...s, dispatch: flipped }), 'bad-dispatch-signature');
  // The same claims signed by a station the central system does not know.
  const foreign = await sealDossier(
    sampleDossier({ imageBytes: 1024, stationId: rogue.station.stationId }),
    rogue.station,
    pki.recipient,
  );
  await rejectsWith(open(foreign), 'unknown-station');
});

test('a dispatch that is not a JWS, of another kind, without a key id or with bad claims is a bad dispatch', async () => {
  const s = await sealed();
  await rejectsWith(open({ ...s, dispatch: 'not-a-jws' }), 'bad-dispatch');
  const claims = {
    dossierId: s.dossierId,
    stationId: pki.station.stationId,
    ciphertextSha256: s.ciphertextSha256,
    ciphertextSize: s.ciphertext.length,
    iat: 1,
  };
  const signed = (header: Record<string, string>, body: unknown = claims) =>
    new CompactSign(jsonBytes(body))
      .setProtectedHeader({ alg: 'ES256', ...header })
      .sign(pki.station.privateKey);
  const kid = pki.station.kid;
  await rejectsWith(
    open({ ...s, dispatch: await signed({ kid, typ: 'recueil-attestation+jwt' }) }),
    'bad-dispatch',
  );
  await rejectsWith(open({ ...s, dispatch: await signed({ typ: 'recueil-dispatch+jwt' }) }), 'bad-dispatch');
  await rejectsWith(
    open({ ...s, dispatch: await signed({ kid, typ: 'recueil-dispatch+jwt' }, { ...claims, iat: 'x' }) }),
    'bad-dispatch',
  );
  // The same statement, well formed, opens: each refusal above is the one fault it names.
  const good = await open({ ...s, dispatch: await signed({ kid, typ: 'recueil-dispatch+jwt' }) });
  assert.equal(good.dossier.id, s.dossierId);
});

test('another enrolled station cannot pass off a captured ciphertext as its own', async () => {
  const s = await sealed();
  // The rogue station is enrolled too, and signs a dispatch for the victim's ciphertext.
  const resolveBoth: typeof pki.resolveStation = async (kid) =>
    (await pki.resolveStation(kid)) ?? (await rogue.resolveStation(kid));
  const dispatch = await new CompactSign(
    jsonBytes({
      dossierId: s.dossierId,
      stationId: rogue.station.stationId,
      ciphertextSha256: s.ciphertextSha256,
      ciphertextSize: s.ciphertext.length,
      iat: 1,
    }),
  )
    .setProtectedHeader({ alg: 'ES256', kid: rogue.station.kid, typ: 'recueil-dispatch+jwt' })
    .sign(rogue.station.privateKey);
  await rejectsWith(
    openSealedDossier(
      { ciphertext: s.ciphertext, dispatch },
      { decryptionKey: pki.central.decryptionKey, resolveStation: resolveBoth },
    ),
    'bad-attestation',
  );
});

/** A sealed dossier built by hand around `container`, in format 2 (envelope) or 1 (JWE compact). */
const sealByHand = (dossier: ReturnType<typeof sampleDossier>, container: Uint8Array, format: 1 | 2) =>
  sealDossierByHand(
    pki,
    { dossierId: dossier.id, stationId: dossier.stationId, kind: dossier.kind },
    container,
    format,
  );

test('a container whose part does not match its manifest is rejected after decryption', async () => {
  const dossier = sampleDossier({ imageBytes: 4096 });
  const container = Uint8Array.from(serializeDossier(dossier).bytes);
  container[container.length - 1]! ^= 0xff; // last byte of the last part
  for (const format of [2, 1] as const)
    await rejectsWith(open(await sealByHand(dossier, container, format)), 'invalid-dossier');
});

test('format 1 (a JWE compact serialization, queued by earlier versions) still opens', async () => {
  const dossier = sampleDossier({ imageBytes: 4096 });
  const opened = await open(await sealByHand(dossier, serializeDossier(dossier).bytes, 1));
  assert.equal(opened.dossier.id, dossier.id);
});

test('sealing refuses a dossier of another station', async () => {
  await assert.rejects(
    sealDossier(sampleDossier({ imageBytes: 1024, stationId: 'OTHER' }), pki.station, pki.recipient),
    /belongs to station OTHER/,
  );
});
