import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { StationMaterial } from '../config/material';
import { openSealedDossier } from '../crypto/open';
import { sampleDossier } from '../dossier/dossier.testing';
import { type StoreFixture, storeFixture } from '../store/store.testing';
import { submitDossier, withSealedDossier } from './submit';

let fixture: StoreFixture;
before(async () => {
  fixture = await storeFixture();
});
after(() => fixture.cleanup());

const station = () => ({
  material: { keys: fixture.pki.station, central: fixture.pki.recipient } as StationMaterial,
});

test('dossiers sealed one after another share an envelope buffer; submitted at once, each is queued intact', async () => {
  const { outbox } = await fixture.open();
  try {
    const buffers: ArrayBufferLike[] = [];
    for (let i = 0; i < 2; i++)
      await withSealedDossier(station(), sampleDossier({ imageBytes: 32 * 1024 }), async (sealed) => {
        buffers.push(sealed.ciphertext.buffer);
      });
    assert.equal(buffers[0], buffers[1], 'the second seal reuses the first one’s buffer');

    const dossiers = [sampleDossier({ imageBytes: 48 * 1024 }), sampleDossier({ imageBytes: 16 * 1024 })];
    // Submitted at once: each needs its own buffer while the other is being written.
    const entries = await Promise.all(
      dossiers.map((dossier) => submitDossier({ ...station(), outbox }, dossier)),
    );
    for (const [i, entry] of entries.entries()) {
      const opened = await openSealedDossier(
        { ciphertext: await outbox.readCiphertext(entry.dossierId), dispatch: entry.dispatch },
        { decryptionKey: fixture.pki.central.decryptionKey, resolveStation: fixture.pki.resolveStation },
      );
      assert.equal(opened.dossier.id, dossiers[i]!.id);
      assert.deepEqual(
        opened.dossier.parts.map((part) => Buffer.from(part.bytes)),
        dossiers[i]!.parts.map((part) => Buffer.from(part.bytes)),
      );
    }
  } finally {
    outbox.close();
  }
});

test('an envelope stays untouched while it is in use, whatever else is sealed meanwhile', async () => {
  await withSealedDossier(station(), sampleDossier({ imageBytes: 32 * 1024 }), async (first) => {
    const before = Buffer.from(first.ciphertext);
    for (let i = 0; i < 3; i++) {
      const other = await withSealedDossier(
        station(),
        sampleDossier({ imageBytes: 32 * 1024 }),
        async (next) => {
          assert.notEqual(next.ciphertext.buffer, first.ciphertext.buffer);
          return Buffer.from(next.ciphertext);
        },
      );
      assert.ok(!other.equals(before));
    }
    assert.ok(Buffer.from(first.ciphertext).equals(before), 'the first envelope was overwritten');
  });
});

test('a failed commit still gives the envelope buffer back, and the next seal goes on', async () => {
  const failing = await withSealedDossier(station(), sampleDossier({ imageBytes: 8 * 1024 }), async () => {
    throw new Error('disk gone');
  }).catch((error: Error) => error.message);
  assert.equal(failing, 'disk gone');
  const size = await withSealedDossier(
    station(),
    sampleDossier({ imageBytes: 8 * 1024 }),
    async (sealed) => sealed.ciphertext.length,
  );
  assert.ok(size > 8 * 1024);
});
