import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSettingsIssues, resolveSyncPaths, SyncSettings } from './settings';

const valid = {
  url: 'https://central.example.fr:8443',
  tls: { ca: 'pki/ca.pem', cert: 'station/client.pem', key: 'station/client-key.pem' },
  centralKeys: { encryption: 'enc.jwk.json', receipts: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'BB' } },
  signingKey: { file: 'station/signing-key.json' },
};

const problems = (input: unknown) => {
  const result = SyncSettings.safeParse(input);
  return result.success ? [] : describeSettingsIssues(result.error);
};

test('a minimal section parses with defaults', () => {
  const settings = SyncSettings.parse(valid);
  assert.equal(settings.retentionDays, 7);
  assert.equal(settings.signingKey.protector, 'passphrase');
  assert.equal(settings.upload.parallel, 2);
  assert.equal(settings.retry.maxAttempts, 8);
});

test('errors name the key and the expected form', () => {
  assert.deepEqual(problems({ ...valid, url: 'http://central.example.fr' }), [
    'central.url: expected "embedded" or an https:// URL (e.g. "https://central.example.fr:8443")',
  ]);
  assert.match(
    problems({ ...valid, tls: { ...valid.tls, ca: '' } })[0]!,
    /^central\.tls\.ca: expected a file path/,
  );
  assert.match(
    problems({ ...valid, retentionDays: -1 })[0]!,
    /^central\.retentionDays: expected 0 or more days/,
  );
  assert.match(problems({ ...valid, colour: 'blue' })[0]!, /^central\.colour: unknown key/);
  assert.match(
    problems({ ...valid, url: 'embedded' })[0]!,
    /^central\.embedded: expected \{ "centralConfig"/,
  );
  const privateKey = { ...valid.centralKeys, receipts: { ...valid.centralKeys.receipts, d: 'secret' } };
  assert.ok(problems({ ...valid, centralKeys: privateKey }).some((p) => /private key must never/.test(p)));
});

test('paths are resolved against the configuration folder; inline JWKs are kept', () => {
  const resolved = resolveSyncPaths(SyncSettings.parse(valid), '/etc/recueil');
  assert.equal(resolved.tls.ca, '/etc/recueil/pki/ca.pem');
  assert.equal(resolved.signingKey.file, '/etc/recueil/station/signing-key.json');
  assert.equal(resolved.centralKeys.encryption, '/etc/recueil/enc.jwk.json');
  assert.deepEqual(resolved.centralKeys.receipts, valid.centralKeys.receipts);
  const absolute = resolveSyncPaths(
    SyncSettings.parse({ ...valid, tls: { ...valid.tls, ca: '/opt/ca.pem' } }),
    '/x',
  );
  assert.equal(absolute.tls.ca, '/opt/ca.pem');
});
