import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CompactSign, compactVerify, importJWK } from 'jose';
import { FAST_SCRYPT, TEST_PASSPHRASE } from './crypto.testing';
import { KeyProtectionError } from './key-protector';
import { DEFAULT_SCRYPT_COST, passphraseProtector } from './passphrase-protector';
import { type SafeStorageLike, safeStorageProtector } from './safe-storage-protector';
import { createStationKeys, loadStationKeys } from './station-keys';

const dir = mkdtempSync(join(tmpdir(), 'recueil-station-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const protectorWith = (passphrase: string | undefined) =>
  passphraseProtector({ env: { RECUEIL_KEY_PASSPHRASE: passphrase }, cost: FAST_SCRYPT });

async function signAndVerify(privateKey: CryptoKey, publicJwk: Parameters<typeof importJWK>[0]) {
  const jws = await new CompactSign(new TextEncoder().encode('hello'))
    .setProtectedHeader({ alg: 'ES256' })
    .sign(privateKey);
  await compactVerify(jws, await importJWK(publicJwk, 'ES256'));
}

test('enrollment writes a 0600 key file whose private key is not in clear, and it loads back', async () => {
  const keyFile = join(dir, 'enrolled', 'station-key.json');
  const enrolled = await createStationKeys({
    stationId: 'S-1',
    keyFile,
    protector: protectorWith(TEST_PASSPHRASE),
  });
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const onDisk = readFileSync(keyFile, 'utf8');
  assert.equal(JSON.parse(onDisk).publicJwk.d, undefined);
  assert.doesNotMatch(onDisk, /"d"\s*:/);

  const keys = await loadStationKeys({ keyFile, protector: protectorWith(TEST_PASSPHRASE) });
  assert.equal(keys.kid, enrolled.kid);
  assert.equal(keys.stationId, 'S-1');
  assert.equal(keys.privateKey.extractable, false);
  await signAndVerify(keys.privateKey, enrolled.publicJwk);
  // The private scalar, recovered through the protector, appears nowhere in the file.
  const secret = await protectorWith(TEST_PASSPHRASE).unprotect(
    Buffer.from(JSON.parse(onDisk).protected, 'base64'),
  );
  const d = JSON.parse(Buffer.from(secret).toString('utf8')).d as string;
  assert.equal(typeof d, 'string');
  assert.ok(!onDisk.includes(d));
  assert.ok(!onDisk.includes(Buffer.from(d, 'base64url').toString('base64').replace(/=+$/, '')));
});

test('a wrong passphrase is reported clearly, in French', async () => {
  const keyFile = join(dir, 'wrong', 'station-key.json');
  await createStationKeys({ stationId: 'S-2', keyFile, protector: protectorWith(TEST_PASSPHRASE) });
  await assert.rejects(
    loadStationKeys({ keyFile, protector: protectorWith('not the right passphrase') }),
    (error) => {
      assert.ok(error instanceof KeyProtectionError);
      assert.equal(error.code, 'passphrase-wrong');
      assert.match(error.message, /Phrase de passe incorrecte/);
      return true;
    },
  );
});

test('a missing passphrase variable is reported with its name', async () => {
  const keyFile = join(dir, 'missing', 'station-key.json');
  await assert.rejects(
    createStationKeys({ stationId: 'S-3', keyFile, protector: protectorWith(undefined) }),
    (error) => {
      assert.ok(error instanceof KeyProtectionError);
      assert.equal(error.code, 'passphrase-missing');
      assert.match(error.message, /RECUEIL_KEY_PASSPHRASE/);
      return true;
    },
  );
  await createStationKeys({ stationId: 'S-3', keyFile, protector: protectorWith(TEST_PASSPHRASE) });
  await assert.rejects(loadStationKeys({ keyFile, protector: protectorWith('') }), {
    code: 'passphrase-missing',
  });
});

test('short passphrases, existing key files and missing files are refused', async () => {
  const keyFile = join(dir, 'misc', 'station-key.json');
  await assert.rejects(createStationKeys({ stationId: 'S', keyFile, protector: protectorWith('short') }), {
    code: 'passphrase-too-short',
  });
  await assert.rejects(loadStationKeys({ keyFile, protector: protectorWith(TEST_PASSPHRASE) }), {
    code: 'key-file-missing',
  });
  const first = await createStationKeys({
    stationId: 'S',
    keyFile,
    protector: protectorWith(TEST_PASSPHRASE),
  });
  await assert.rejects(
    createStationKeys({ stationId: 'S', keyFile, protector: protectorWith(TEST_PASSPHRASE) }),
    {
      code: 'key-file-exists',
    },
  );
  assert.equal(
    (await loadStationKeys({ keyFile, protector: protectorWith(TEST_PASSPHRASE) })).kid,
    first.kid,
  );
  const second = await createStationKeys({
    stationId: 'S',
    keyFile,
    protector: protectorWith(TEST_PASSPHRASE),
    overwrite: true,
  });
  assert.notEqual(second.kid, first.kid);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
});

test('an altered key file is refused', async () => {
  const keyFile = join(dir, 'altered', 'station-key.json');
  await createStationKeys({ stationId: 'S-4', keyFile, protector: protectorWith(TEST_PASSPHRASE) });
  const file = JSON.parse(readFileSync(keyFile, 'utf8'));
  const other = await createStationKeys({
    stationId: 'S-5',
    keyFile: join(dir, 'altered', 'other.json'),
    protector: protectorWith(TEST_PASSPHRASE),
  });
  // Swap in another station's public key: the unlocked private key no longer matches it.
  writeFileSync(
    keyFile,
    JSON.stringify({
      ...file,
      publicJwk: { ...other.publicJwk, kid: undefined, alg: undefined, use: undefined },
      kid: other.kid,
    }),
  );
  await assert.rejects(loadStationKeys({ keyFile, protector: protectorWith(TEST_PASSPHRASE) }), {
    code: 'key-file-invalid',
  });
  writeFileSync(keyFile, '{ not json');
  await assert.rejects(loadStationKeys({ keyFile, protector: protectorWith(TEST_PASSPHRASE) }), {
    code: 'key-file-invalid',
  });
});

test('the default scrypt cost works end to end', async () => {
  const keyFile = join(dir, 'default-cost', 'station-key.json');
  const protector = passphraseProtector({ env: { RECUEIL_KEY_PASSPHRASE: TEST_PASSPHRASE } });
  await createStationKeys({ stationId: 'S-6', keyFile, protector });
  const blob = JSON.parse(
    Buffer.from(JSON.parse(readFileSync(keyFile, 'utf8')).protected, 'base64').toString('utf8'),
  );
  assert.equal(blob.N, DEFAULT_SCRYPT_COST.N);
  assert.equal((await loadStationKeys({ keyFile, protector })).stationId, 'S-6');
});

/** Stands in for Electron safeStorage: a reversible transform, so the wiring is what is tested. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (blob) => Buffer.from(blob.map((b) => b ^ 0x5a)).toString('utf8'),
  };
}

test('an injected keychain (safeStorage shape) protects the key; basic_text and unavailable are refused', async () => {
  const keyFile = join(dir, 'keychain', 'station-key.json');
  const enrolled = await createStationKeys({
    stationId: 'S-7',
    keyFile,
    protector: safeStorageProtector(fakeSafeStorage()),
  });
  assert.doesNotMatch(readFileSync(keyFile, 'utf8'), /"d"\s*:/);
  const keys = await loadStationKeys({ keyFile, protector: safeStorageProtector(fakeSafeStorage()) });
  await signAndVerify(keys.privateKey, enrolled.publicJwk);

  await assert.rejects(
    loadStationKeys({ keyFile, protector: safeStorageProtector(fakeSafeStorage('basic_text')) }),
    {
      code: 'keychain-unavailable',
    },
  );
  await assert.rejects(
    loadStationKeys({ keyFile, protector: safeStorageProtector(fakeSafeStorage('gnome_libsecret', false)) }),
    { code: 'keychain-unavailable' },
  );
  // A file protected by the keychain cannot be opened with the passphrase protector.
  await assert.rejects(loadStationKeys({ keyFile, protector: protectorWith(TEST_PASSPHRASE) }), {
    code: 'key-file-invalid',
  });
});
