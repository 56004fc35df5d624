import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { serializeDossier } from '../dossier';
import { sampleDossier } from '../dossier/dossier.testing';
import { BufferPool } from './buffer-pool';
import { resignDispatch, sealByHand as sealDossierByHand, type TestPki, testPki } from './crypto.testing';
import { envelopeLayout } from './envelope';
import { type OpenedDossier, openSealedDossier, SealedDossierRejected } from './open';
import { readSealedDossier, SealedDossierReader } from './open-stream';
import { sealDossier } from './seal';

let pki: TestPki;
before(async () => {
  pki = await testPki();
});
after(() => pki.cleanup());

type Sealed = { ciphertext: Uint8Array; dispatch: string };

/**
 * `bytes` cut at pseudo-random places, with tiny pieces first (the head arrives in bits); seed 0
 * gives the whole upload as one chunk (what the central's 4 MiB stages usually give).
 */
function* chunksOf(bytes: Uint8Array, seed: number): Generator<Uint8Array> {
  if (seed === 0) {
    yield bytes;
    return;
  }
  let at = 0;
  let state = seed;
  let n = 0;
  while (at < bytes.length) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = n++ < 6 ? 1 + (state % 7) : 1 + (state % 100_000);
    yield bytes.subarray(at, Math.min(bytes.length, at + size));
    at += size;
  }
}

/**
 * Every chunk is handed out in the same scratch buffer, scribbled over once the reader took it:
 * the reader must copy what it keeps (the central's staging buffers are reused the same way).
 */
async function* asyncChunks(bytes: Uint8Array, seed: number): AsyncGenerator<Uint8Array> {
  const scratch = Buffer.alloc(bytes.length);
  for (const chunk of chunksOf(bytes, seed)) {
    scratch.set(chunk);
    yield scratch.subarray(0, chunk.length);
    scratch.fill(0xa5, 0, chunk.length);
  }
}

const whole = (s: Sealed) =>
  openSealedDossier(s, { decryptionKey: pki.central.decryptionKey, resolveStation: pki.resolveStation });

type Outcome = { reason: string } | { id: string; manifest: string; attestation: string };
const outcomeOf = (opened: OpenedDossier): Outcome => ({
  id: opened.dossier.id,
  manifest: JSON.stringify(opened.manifest),
  attestation: opened.attestation,
});

async function settle(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (error) {
    assert.ok(error instanceof SealedDossierRejected, String(error));
    return { reason: error.reason };
  }
}

/** Opens `s` whole and streamed (several cuttings): both must agree exactly. */
async function assertSameOutcome(s: Sealed, expected: string): Promise<void> {
  const reference = await settle(async () => outcomeOf(await whole(s)));
  if (expected === 'opens') assert.ok('id' in reference, JSON.stringify(reference));
  else assert.deepEqual(reference, { reason: expected });
  const pool = new BufferPool();
  for (const seed of [0, 1, 7, 42]) {
    const streamed = await settle(async () => {
      const { opened, reader } = await readSealedDossier(
        asyncChunks(s.ciphertext, seed),
        s.ciphertext.length,
        s.dispatch,
        {
          decryptionKey: pki.central.decryptionKey,
          pool,
          resolveStation: pki.resolveStation,
        },
      );
      const outcome = outcomeOf(opened);
      reader.dispose();
      return outcome;
    });
    assert.deepEqual(streamed, reference, `seed ${seed}`);
  }
}

const resign = (s: { dossierId: string; stationId: string }, ciphertext: Uint8Array) =>
  resignDispatch(pki, s, ciphertext);

function sealByHand(container: Uint8Array, id: string, format: 1 | 2): Promise<Sealed> {
  const { stationId, kind } = sampleDossier({ imageBytes: 16 });
  return sealDossierByHand(pki, { dossierId: id, stationId, kind }, container, format);
}

test('streamed opening gives exactly what the whole-buffer opening gives, whatever the cutting', async () => {
  const s = await sealDossier(sampleDossier({ imageBytes: 300 * 1024 }), pki.station, pki.recipient);
  await assertSameOutcome(s, 'opens');
});

test('streamed opening rejects every tampering with the same reason as the whole-buffer opening', async () => {
  const s = await sealDossier(sampleDossier({ imageBytes: 64 * 1024 }), pki.station, pki.recipient);
  const { aadLength, keyJwe } = envelopeLayout(s.ciphertext);
  const flip = (at: number) => {
    const tampered = Uint8Array.from(s.ciphertext);
    tampered[at]! ^= 0x01;
    return tampered;
  };
  // Same dispatch: the bytes are not the ones the station signed.
  await assertSameOutcome(
    { ciphertext: flip(s.ciphertext.length - 40), dispatch: s.dispatch },
    'ciphertext-mismatch',
  );
  // Re-signed by the station: the AEAD (IV, key JWE, ciphertext, tag) must catch it.
  for (const at of [3, 12 + keyJwe.length - 2, aadLength - 1, aadLength + 5, s.ciphertext.length - 1]) {
    const tampered = flip(at);
    await assertSameOutcome(
      { ciphertext: tampered, dispatch: await resign(s, tampered) },
      'decryption-failed',
    );
  }
  for (const cut of [1, 17, 5000]) {
    const truncated = s.ciphertext.subarray(0, s.ciphertext.length - cut);
    await assertSameOutcome(
      { ciphertext: truncated, dispatch: await resign(s, truncated) },
      'decryption-failed',
    );
  }
  const tiny = s.ciphertext.subarray(0, 10);
  await assertSameOutcome({ ciphertext: tiny, dispatch: await resign(s, tiny) }, 'decryption-failed');
});

test('streamed opening checks the manifest and accepts format 1', async () => {
  const dossier = sampleDossier({ imageBytes: 4096 });
  const good = serializeDossier(dossier).bytes;
  const bad = Uint8Array.from(good);
  bad[bad.length - 1]! ^= 0xff;
  for (const format of [2, 1] as const) {
    await assertSameOutcome(await sealByHand(good, dossier.id, format), 'opens');
    await assertSameOutcome(await sealByHand(bad, dossier.id, format), 'invalid-dossier');
  }
});

test('the plaintext buffer goes back to the pool zeroed, and a disposed reader refuses bytes', async () => {
  const s = await sealDossier(sampleDossier({ imageBytes: 64 * 1024 }), pki.station, pki.recipient);
  const pool = new BufferPool(1);
  const reader = new SealedDossierReader(s.ciphertext.length, {
    decryptionKey: pki.central.decryptionKey,
    pool,
  });
  for (const chunk of chunksOf(s.ciphertext, 3)) await reader.write(chunk);
  const opened = await reader.finish(s.dispatch, pki.resolveStation);
  const part = opened.dossier.parts[0]!.bytes;
  assert.ok(part.some((byte) => byte !== 0));
  reader.dispose();
  assert.equal(pool.size, 1);
  assert.ok(
    part.every((byte) => byte === 0),
    'decrypted bytes are wiped on dispose',
  );
  await assert.rejects(reader.write(new Uint8Array(1)), /disposed/);
});
