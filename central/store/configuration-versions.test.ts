import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigurationVersions, VersionNotNewer } from './configuration-versions';

const dir = mkdtempSync(join(tmpdir(), 'recueil-config-versions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('versions are published in increasing order; the latest is served', async () => {
  const versions = new ConfigurationVersions(dir);
  assert.equal(await versions.latest(), undefined);
  await versions.publish(1, 'jws-1');
  await versions.publish(10, 'jws-10');
  assert.deepEqual(await versions.latest(), { version: 10, jws: 'jws-10' });
  assert.deepEqual(await versions.versions(), [1, 10]);
});

test('a version not greater than the last published is refused and nothing is written', async () => {
  const versions = new ConfigurationVersions(dir);
  for (const version of [10, 9, 1]) {
    await assert.rejects(
      versions.publish(version, 'other'),
      (error: unknown) =>
        error instanceof VersionNotNewer &&
        error.latest === 10 &&
        error.message ===
          `configuration version ${version} refused: it must be greater than the last published version 10`,
    );
  }
  assert.deepEqual(await versions.latest(), { version: 10, jws: 'jws-10' });
  assert.deepEqual(readdirSync(versions.dir).sort(), ['v0000000001.jws', 'v0000000010.jws']);
});

test('two publications racing for one version: exactly one wins', async () => {
  const versions = new ConfigurationVersions(dir);
  const results = await Promise.allSettled([versions.publish(11, 'a'), versions.publish(11, 'b')]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof VersionNotNewer));
  assert.ok(['a', 'b'].includes((await versions.latest())!.jws));
  assert.ok(
    readdirSync(versions.dir).every((name) => !name.startsWith('.')),
    'no temp file left',
  );
});
