/**
 * Biometric data never touches disk in clear: dossiers carrying a known marker inside their
 * portrait go through the whole store life cycle, and every file of the data directory (database,
 * -wal, -shm, blobs, receipts, temp and quarantined files) is scanned for the marker in raw, hex,
 * base64 and base64url form, at every byte alignment.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sealDossier } from '../crypto/seal';
import { serializeDossier } from '../dossier';
import { sampleDossier } from '../dossier/dossier.testing';
import { realFileOps } from './atomic-file';
import { findMarker } from './plaintext-scanner';
import { allFiles, type StoreFixture, storeFixture, tempDir } from './store.testing';

const marker = randomBytes(32);

const leaks = (files: string[]) => findMarker(files, marker);

let fx: StoreFixture;
before(async () => {
  fx = await storeFixture();
});
after(() => fx.cleanup());

test('the scanner finds the marker in clear, in base64 at any alignment, and in hex (control)', () => {
  const control = tempDir('recueil-scan-control-');
  try {
    const clear = serializeDossier(sampleDossier({ imageBytes: 64 * 1024, marker })).bytes;
    const files = [0, 1, 2].flatMap((shift) => {
      const padded = Buffer.concat([Buffer.alloc(shift), clear]);
      const raw = join(control.dir, `raw-${shift}`);
      const b64 = join(control.dir, `b64-${shift}`);
      const b64url = join(control.dir, `b64url-${shift}`);
      writeFileSync(raw, padded);
      writeFileSync(b64, JSON.stringify({ portrait: padded.toString('base64') }));
      writeFileSync(b64url, padded.toString('base64url'));
      return [raw, b64, b64url];
    });
    const hex = join(control.dir, 'hex');
    writeFileSync(hex, Buffer.from(clear).toString('hex'));
    for (const file of [...files, hex]) assert.equal(leaks([file]).length > 0, true, file);
  } finally {
    control.cleanup();
  }
});

test('no file of the data directory contains the marker, through the whole life cycle', async () => {
  let failWrites = false;
  const { outbox } = await fx.open({
    fileOps: {
      ...realFileOps,
      async writeAll(handle, chunks) {
        if (!failWrites) return realFileOps.writeAll(handle, chunks);
        await handle.write(chunks[0]!, 0, chunks[0]!.length, 0);
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      },
    },
  });
  const seal = (imageBytes: number) =>
    sealDossier(sampleDossier({ imageBytes, marker }), fx.pki.station, fx.pki.recipient);
  const delivered = await seal(3 * 1024 * 1024);
  const parked = await seal(256 * 1024);
  const waiting = await seal(256 * 1024);
  for (const s of [delivered, parked, waiting]) await outbox.enqueue(s);
  outbox.startUpload(delivered.dossierId);
  await outbox.acknowledge(delivered.dossierId, await fx.receiptFor(delivered));
  outbox.startUpload(parked.dossierId);
  outbox.park(parked.dossierId, 'rejected:invalid-dossier', 'central rejected the container');
  failWrites = true;
  await assert.rejects(outbox.enqueue(await seal(256 * 1024)));
  failWrites = false;

  // While open: the database, its -wal and -shm, the blobs, the receipt file.
  const whileOpen = allFiles(fx.dataDir);
  assert.ok(whileOpen.some((f) => f.endsWith('outbox.sqlite-wal')));
  assert.ok(whileOpen.some((f) => f.endsWith(`${delivered.dossierId}.rcq`)));
  assert.ok(whileOpen.some((f) => f.endsWith(`${delivered.dossierId}.json`)));
  assert.deepEqual(leaks(whileOpen), []);
  outbox.close();

  // After a corruption and rebuild: the moved-aside database joins the scan.
  const dbPath = join(fx.dataDir, 'outbox.sqlite');
  assert.ok(existsSync(dbPath));
  writeFileSync(dbPath, Buffer.alloc(8192, 0x33));
  const reopened = await fx.open();
  assert.equal(reopened.report.database, 'rebuilt');
  reopened.outbox.close();
  const afterRebuild = allFiles(fx.dataDir);
  assert.ok(afterRebuild.some((f) => f.includes(`${join('corrupt', '')}`)));
  assert.deepEqual(leaks(afterRebuild), []);
});
