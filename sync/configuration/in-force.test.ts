import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { z } from 'zod';
import { builtInConfiguration, type ConfigDocument } from '../../common/domain/config-document';
import { TYP_CONFIG } from '../crypto/algorithms';
import { signCentralDocument } from '../crypto/central-document';
import { signConfiguration } from '../crypto/configuration';
import { twoTestPkis } from '../crypto/crypto.testing';
import { type FileOps, realFileOps } from '../store/atomic-file';
import { tempDir } from '../store/store.testing';
import {
  applyConfiguration,
  configurationDir,
  configurationInForce,
  readConfigurationState,
  rollbackConfiguration,
} from './in-force';

const keys = twoTestPkis();
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('recueil-in-force-');
});
afterEach(() => tmp.cleanup());

const doc = (version: number, freezeDays = 5): ConfigDocument => ({
  ...builtInConfiguration(freezeDays),
  version,
  issuedAt: '2026-12-08T09:00:00.000Z',
});
const signed = (version: number, freezeDays?: number) =>
  signConfiguration(doc(version, freezeDays), keys.pki.central);
const apply = (jws: string, ops?: FileOps) =>
  applyConfiguration(tmp.dir, jws, keys.pki.recipient, ops ? { ops } : {});
const errno = (code: string) => Object.assign(new Error(code), { code });

test('nothing in force: the built-in configuration, version 0, with the station.json freeze limit', () => {
  const builtIn = configurationInForce(tmp.dir, 9);
  assert.equal(builtIn.version, 0);
  assert.equal(builtIn.source, 'built-in');
  assert.equal(builtIn.document.freezeDays, 9);
});

test('a newer version is applied; the one before is kept as previous; the same again is unchanged', async () => {
  assert.deepEqual(await apply(await signed(1)), { outcome: 'applied', version: 1, previousVersion: 0 });
  const v2 = await signed(2, 3);
  assert.deepEqual(await apply(v2), { outcome: 'applied', version: 2, previousVersion: 1 });
  assert.deepEqual(await apply(v2), { outcome: 'unchanged', version: 2 });
  const now = configurationInForce(tmp.dir, 9);
  assert.equal(now.source, 'central');
  assert.equal(now.version, 2);
  assert.equal(now.previousVersion, 1);
  assert.equal(now.document.freezeDays, 3);
});

test('an older version, or another document under the version in force, is refused as a downgrade', async () => {
  await apply(await signed(1));
  await apply(await signed(3));
  const older = await apply(await signed(2));
  assert.equal(older.outcome, 'refused');
  assert.equal(older.outcome === 'refused' && older.reason, 'downgrade');
  assert.equal(older.outcome === 'refused' && older.inForceVersion, 3);
  const replay = await apply(await signed(3, 30));
  assert.equal(replay.outcome === 'refused' && replay.reason, 'downgrade');
  assert.equal(configurationInForce(tmp.dir, 9).document.freezeDays, 5, 'the document in force is kept');
});

test('another central, a forged signature and claims outside the schema are refused; the old one stays', async () => {
  await apply(await signed(1));
  const before = readConfigurationState(tmp.dir);
  const other = await apply(await signConfiguration(doc(2), keys.other.central));
  assert.equal(other.outcome === 'refused' && other.reason, 'unknown-key');
  const jws = await signed(2);
  const [h, p, sig] = jws.split('.');
  const tampered = `${h}.${p}.${sig!.slice(0, -4)}AAAA`;
  const forged = await apply(tampered);
  assert.equal(forged.outcome === 'refused' && forged.reason, 'signature');
  const loose = await signCentralDocument(TYP_CONFIG, z.looseObject({}), { version: 2 }, keys.pki.central);
  const claims = await apply(loose);
  assert.equal(claims.outcome === 'refused' && claims.reason, 'claims');
  assert.deepEqual(readConfigurationState(tmp.dir), before);
});

const writeFailures: [string, Partial<FileOps>][] = [
  ['ENOSPC while writing', { writeAll: async () => Promise.reject(errno('ENOSPC')) }],
  ['EIO on fsync', { sync: async () => Promise.reject(errno('EIO')) }],
  ['a failed rename', { rename: async () => Promise.reject(errno('EXDEV')) }],
  // the new file is in place but its directory entry may not be durable: put the previous one back
  ['EIO on the directory fsync after the rename', { syncDir: async () => Promise.reject(errno('EIO')) }],
];

for (const [what, override] of writeFailures) {
  test(`${what}: the apply fails and the previous configuration stays in force`, async () => {
    await apply(await signed(1));
    const before = readConfigurationState(tmp.dir);
    const outcome = await apply(await signed(2), { ...realFileOps, ...override });
    assert.equal(outcome.outcome, 'failed');
    assert.equal(outcome.outcome === 'failed' && outcome.inForceVersion, 1);
    assert.deepEqual(readConfigurationState(tmp.dir), before);
    // once the disk is fine again, the same document applies
    assert.equal((await apply(await signed(2))).outcome, 'applied');
  });
}

test('rollback puts the previous version back and refuses the rolled-back one until a newer comes', async () => {
  assert.equal(await rollbackConfiguration(tmp.dir), undefined, 'nothing to roll back to');
  await apply(await signed(1));
  const v2 = await signed(2);
  await apply(v2);
  assert.deepEqual(await rollbackConfiguration(tmp.dir), { from: 2, to: 1 });
  assert.equal(configurationInForce(tmp.dir, 9).version, 1);
  const again = await apply(v2);
  assert.equal(again.outcome === 'refused' && again.reason, 'rolled-back');
  assert.deepEqual(await apply(await signed(3)), { outcome: 'applied', version: 3, previousVersion: 1 });
});

test('a state file edited by hand counts as absent and is reported', () => {
  const problems: string[] = [];
  mkdirSync(configurationDir(tmp.dir));
  writeFileSync(join(configurationDir(tmp.dir), 'in-force.json'), '{"inForce": 1}');
  assert.equal(configurationInForce(tmp.dir, 7, (p) => problems.push(p)).source, 'built-in');
  assert.deepEqual(problems, ['in-force.json is not a valid configuration state']);
});
