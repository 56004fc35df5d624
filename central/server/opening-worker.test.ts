import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BufferPool } from '../../sync/crypto/buffer-pool';
import { resignDispatch, type TestPki, testPki } from '../../sync/crypto/crypto.testing';
import { openSealedDossier, SealedDossierRejected } from '../../sync/crypto/open';
import { sealDossier } from '../../sync/crypto/seal';
import { sampleDossier } from '../../sync/dossier/dossier.testing';
import { OpeningWorker, type RemoteDossierReader } from './opening-worker';

let pki: TestPki;
let opener: OpeningWorker;
before(async () => {
  pki = await testPki();
  opener = new OpeningWorker(pki.central.decryptionKey);
});
after(async () => {
  await opener.close();
  pki.cleanup();
});

const stages = new BufferPool(2, { wipe: false, shared: true });

/** Feeds `bytes` to `reader` through one shared stage, `step` bytes at a time (as receive does). */
async function feed(reader: RemoteDossierReader, bytes: Uint8Array, step: number): Promise<void> {
  const stage = stages.acquire(step);
  try {
    for (let at = 0; at < bytes.length; at += step) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + step));
      stage.set(piece);
      await reader.write(stage.subarray(0, piece.length));
    }
  } finally {
    stages.release(stage);
  }
}

async function openRemotely(s: { ciphertext: Uint8Array; dispatch: string }, step = 64 * 1024) {
  const reader = await opener.begin(s.ciphertext.length);
  try {
    await feed(reader, s.ciphertext, step);
    return await reader.finish(s.dispatch, pki.resolveStation);
  } finally {
    reader.dispose();
  }
}

test('the worker opens a sealed dossier exactly as the in-thread opening does', async () => {
  const s = await sealDossier(sampleDossier({ imageBytes: 300 * 1024 }), pki.station, pki.recipient);
  const reference = await openSealedDossier(s, {
    decryptionKey: pki.central.decryptionKey,
    resolveStation: pki.resolveStation,
  });
  for (const step of [1000, 64 * 1024, 1024 * 1024]) {
    const opened = await openRemotely(s, step);
    assert.deepEqual(opened.dispatch, reference.dispatch);
    assert.deepEqual(opened.manifest, reference.manifest);
    assert.equal(opened.attestation, reference.attestation);
    assert.deepEqual(opened.dossier, { id: reference.dossier.id, kind: reference.dossier.kind });
  }
});

test('rejections come back with their reason: tampered bytes, unknown signer', async () => {
  const s = await sealDossier(sampleDossier({ imageBytes: 32 * 1024 }), pki.station, pki.recipient);
  const tampered = Uint8Array.from(s.ciphertext);
  tampered[tampered.length - 3]! ^= 1;
  const reasonOf = async (input: { ciphertext: Uint8Array; dispatch: string }) => {
    try {
      await openRemotely(input);
      return 'opened';
    } catch (error) {
      assert.ok(error instanceof SealedDossierRejected, String(error));
      return error.reason;
    }
  };
  assert.equal(await reasonOf({ ciphertext: tampered, dispatch: s.dispatch }), 'ciphertext-mismatch');
  const resigned = await resignDispatch(pki, s, tampered);
  assert.equal(await reasonOf({ ciphertext: tampered, dispatch: resigned }), 'decryption-failed');
  const stranger = await testPki();
  try {
    const foreign = await sealDossier(sampleDossier({ imageBytes: 1024 }), stranger.station, pki.recipient);
    assert.equal(await reasonOf(foreign), 'unknown-station');
  } finally {
    stranger.cleanup();
  }
});

test('only shared buffers are accepted, and a disposed reader refuses bytes', async () => {
  const reader = await opener.begin(100);
  await assert.rejects(reader.write(new Uint8Array(10)), /shared buffers/);
  reader.dispose();
  await assert.rejects(reader.write(new Uint8Array(new SharedArrayBuffer(10))), /disposed/);
});

test('a worker that dies fails the readers it held, and the next upload gets a fresh worker', async () => {
  const s = await sealDossier(sampleDossier({ imageBytes: 32 * 1024 }), pki.station, pki.recipient);
  const doomed = await opener.begin(s.ciphertext.length);
  await opener.close(); // the worker goes away under the reader
  await assert.rejects(feed(doomed, s.ciphertext, 4096), /worker exited/);
  doomed.dispose();
  const opened = await openRemotely(s);
  assert.equal(opened.dossier.id, s.dossierId);
});
