import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { builtInConfiguration, type ConfigDocument } from '../../common/domain/config-document';
import { TYP_CONFIG } from './algorithms';
import { CentralDocumentRejected, signCentralDocument } from './central-document';
import { signConfiguration, verifyConfiguration } from './configuration';
import { twoTestPkis } from './crypto.testing';
import { signReceipt } from './receipt';

const keys = twoTestPkis();
const document: ConfigDocument = { ...builtInConfiguration(5), version: 2, issuedAt: '2026-12-08T09:00:00Z' };

const reason = (expected: CentralDocumentRejected['reason']) => (error: unknown) =>
  error instanceof CentralDocumentRejected && error.reason === expected;

test('a signed configuration verifies against the pinned central key', async () => {
  const jws = await signConfiguration(document, keys.pki.central);
  assert.deepEqual(await verifyConfiguration(jws, keys.pki.recipient), document);
});

test('another central, a receipt passed as a configuration and claims outside the schema are refused', async () => {
  await assert.rejects(
    verifyConfiguration(await signConfiguration(document, keys.other.central), keys.pki.recipient),
    reason('unknown-key'),
  );
  const receipt = await signReceipt(
    { dossierId: '0190f0e0-0000-7000-8000-000000000000', stationId: 'S', ciphertextSha256: 'a'.repeat(64) },
    keys.pki.central,
  );
  await assert.rejects(verifyConfiguration(receipt, keys.pki.recipient), reason('typ'));
  const loose = await signCentralDocument(
    TYP_CONFIG,
    z.looseObject({}),
    { ...document, version: -1 },
    keys.pki.central,
  );
  await assert.rejects(verifyConfiguration(loose, keys.pki.recipient), reason('claims'));
});

test('a central refuses to sign a document outside the schema', async () => {
  await assert.rejects(signConfiguration({ ...document, freezeDays: 0 }, keys.pki.central));
});
