import assert from 'node:assert/strict';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FAST_SCRYPT, TEST_PASSPHRASE } from '../crypto/crypto.testing';
import { passphraseProtector } from '../crypto/passphrase-protector';
import { tempDir } from '../store/store.testing';
import { DraftVault } from './vault';

const protector = (passphrase = TEST_PASSPHRASE) =>
  passphraseProtector({ env: { RECUEIL_KEY_PASSPHRASE: passphrase }, cost: FAST_SCRYPT });
const id = '0192f0a0-0000-7000-8000-000000000001';
const secret = Buffer.from('{"applicant":"Martin","portrait":"JPEG-BYTES"}');

describe('draft vault', () => {
  it('keeps a draft encrypted on disk and reads it back after a restart', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const vault = await DraftVault.open(dir, protector());
      await vault.save({ id, kind: 'application', expiresAt: Date.now() + 60_000, content: secret });
      for (const name of readdirSync(dir)) {
        assert.ok(!readFileSync(join(dir, name)).includes(Buffer.from('Martin')), `${name} holds plaintext`);
      }
      const reopened = await DraftVault.open(dir, protector());
      const back = await reopened.latest('application');
      assert.equal(Buffer.from(back?.content ?? []).toString(), secret.toString());
      assert.equal(await reopened.latest('certification'), undefined);
      await reopened.remove(id);
      assert.equal(await reopened.latest('application'), undefined);
    } finally {
      cleanup();
    }
  });

  it('purges expired drafts and refuses to open without the right passphrase', async () => {
    const { dir, cleanup } = tempDir();
    try {
      let now = 1_000_000;
      const vault = await DraftVault.open(dir, protector(), () => now);
      await vault.save({ id, kind: 'application', expiresAt: now + 1000, content: secret });
      now += 2000;
      assert.equal(await vault.purgeExpired(), 1);
      assert.equal(await vault.latest('application'), undefined);
      await assert.rejects(DraftVault.open(dir, protector('another passphrase entirely')));
    } finally {
      cleanup();
    }
  });

  it('drops a draft whose file was altered', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const vault = await DraftVault.open(dir, protector());
      await vault.save({ id, kind: 'application', expiresAt: Date.now() + 60_000, content: secret });
      const file = join(dir, `${id}.draft`);
      const bytes = await fs.readFile(file);
      bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff;
      await fs.writeFile(file, bytes);
      assert.equal(await vault.latest('application'), undefined);
    } finally {
      cleanup();
    }
  });
});
