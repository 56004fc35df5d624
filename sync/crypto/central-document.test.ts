import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompactSign } from 'jose';
import { z } from 'zod';
import { TYP_CONFIG, TYP_MESSAGE } from './algorithms';
import { CentralDocumentRejected, signCentralDocument, verifyCentralDocument } from './central-document';
import { jsonBytes } from './claims';
import { twoTestPkis } from './crypto.testing';

const Claims = z.strictObject({ id: z.string(), n: z.number().int() });

const keys = twoTestPkis();

function reason(expected: CentralDocumentRejected['reason']) {
  return (error: unknown) => error instanceof CentralDocumentRejected && error.reason === expected;
}

test('a central document verifies under its typ and gives back its claims', async () => {
  const jws = await signCentralDocument(TYP_MESSAGE, Claims, { id: 'm1', n: 3 }, keys.pki.central);
  assert.deepEqual(await verifyCentralDocument(jws, TYP_MESSAGE, Claims, keys.pki.recipient), {
    id: 'm1',
    n: 3,
  });
});

test('a document of one kind is refused as another kind', async () => {
  const jws = await signCentralDocument(TYP_MESSAGE, Claims, { id: 'm1', n: 3 }, keys.pki.central);
  await assert.rejects(verifyCentralDocument(jws, TYP_CONFIG, Claims, keys.pki.recipient), reason('typ'));
});

test('a document signed by another central is refused as signed by an unknown key', async () => {
  const jws = await signCentralDocument(TYP_MESSAGE, Claims, { id: 'm1', n: 3 }, keys.other.central);
  await assert.rejects(
    verifyCentralDocument(jws, TYP_MESSAGE, Claims, keys.pki.recipient),
    reason('unknown-key'),
  );
});

test('a forged signature under the pinned kid, a tampered payload and garbage are refused', async () => {
  const forged = await new CompactSign(jsonBytes({ id: 'm1', n: 3 }))
    .setProtectedHeader({ alg: 'ES256', kid: keys.pki.recipient.receiptKid, typ: TYP_MESSAGE })
    .sign(keys.other.central.receiptSigningKey);
  await assert.rejects(
    verifyCentralDocument(forged, TYP_MESSAGE, Claims, keys.pki.recipient),
    reason('signature'),
  );
  const jws = await signCentralDocument(TYP_MESSAGE, Claims, { id: 'm1', n: 3 }, keys.pki.central);
  const [h, , s] = jws.split('.');
  const payload = Buffer.from(JSON.stringify({ id: 'm1', n: 4 })).toString('base64url');
  await assert.rejects(
    verifyCentralDocument(`${h}.${payload}.${s}`, TYP_MESSAGE, Claims, keys.pki.recipient),
    reason('signature'),
  );
  await assert.rejects(
    verifyCentralDocument('not a jws', TYP_MESSAGE, Claims, keys.pki.recipient),
    reason('signature'),
  );
});

test('validly signed claims that do not fit the schema are refused, and the signer cannot sign them', async () => {
  const jws = await new CompactSign(jsonBytes({ id: 'm1', n: 'three' }))
    .setProtectedHeader({ alg: 'ES256', kid: keys.pki.central.receiptKid, typ: TYP_MESSAGE })
    .sign(keys.pki.central.receiptSigningKey);
  await assert.rejects(verifyCentralDocument(jws, TYP_MESSAGE, Claims, keys.pki.recipient), reason('claims'));
  await assert.rejects(signCentralDocument(TYP_MESSAGE, Claims, { id: 'm1', n: 1.5 }, keys.pki.central));
});
