import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompactSign } from 'jose';
import { jsonBytes } from './claims';
import { twoTestPkis } from './crypto.testing';
import { ReceiptRejected, signReceipt, verifyReceipt } from './receipt';

const keys = twoTestPkis();

const subject = {
  dossierId: '01900000-0000-7000-8000-000000000001',
  stationId: 'MAIRIE-75056-01',
  ciphertextSha256: 'a'.repeat(64),
};

test('a receipt signed by the central system verifies for the dossier it names', async () => {
  const jws = await signReceipt(subject, keys.pki.central, {
    now: () => new Date('2025-06-01T10:00:00.000Z'),
  });
  const receipt = await verifyReceipt(jws, keys.pki.recipient, subject);
  assert.equal(receipt.dossierId, subject.dossierId);
  assert.equal(receipt.receivedAt, '2025-06-01T10:00:00.000Z');
  assert.equal(receipt.jws, jws);
});

test('a receipt for another dossier or another ciphertext is rejected', async () => {
  const jws = await signReceipt(subject, keys.pki.central);
  await assert.rejects(
    verifyReceipt(jws, keys.pki.recipient, { ...subject, dossierId: '01900000-0000-7000-8000-000000000002' }),
    ReceiptRejected,
  );
  await assert.rejects(
    verifyReceipt(jws, keys.pki.recipient, { ...subject, ciphertextSha256: 'b'.repeat(64) }),
    ReceiptRejected,
  );
  await assert.rejects(
    verifyReceipt(jws, keys.pki.recipient, { ...subject, stationId: 'X' }),
    ReceiptRejected,
  );
});

test('a receipt signed by another key, tampered, or of another type is rejected', async () => {
  const foreign = await signReceipt(subject, keys.other.central);
  await assert.rejects(verifyReceipt(foreign, keys.pki.recipient, subject), /unknown key/);
  // Same kid, wrong signer.
  const forged = await new CompactSign(
    jsonBytes({ ...subject, receivedAt: new Date().toISOString(), iat: 1 }),
  )
    .setProtectedHeader({ alg: 'ES256', kid: keys.pki.central.receiptKid, typ: 'recueil-receipt+jwt' })
    .sign(keys.other.central.receiptSigningKey);
  await assert.rejects(verifyReceipt(forged, keys.pki.recipient, subject), ReceiptRejected);
  const jws = await signReceipt(subject, keys.pki.central);
  const [h, , s] = jws.split('.');
  const otherPayload = Buffer.from(
    JSON.stringify({ ...subject, receivedAt: new Date().toISOString(), iat: 2 }),
  ).toString('base64url');
  await assert.rejects(
    verifyReceipt(`${h}.${otherPayload}.${s}`, keys.pki.recipient, subject),
    ReceiptRejected,
  );
  const wrongTyp = await new CompactSign(
    jsonBytes({ ...subject, receivedAt: new Date().toISOString(), iat: 1 }),
  )
    .setProtectedHeader({ alg: 'ES256', kid: keys.pki.central.receiptKid, typ: 'recueil-dispatch+jwt' })
    .sign(keys.pki.central.receiptSigningKey);
  await assert.rejects(verifyReceipt(wrongTyp, keys.pki.recipient, subject), /unexpected typ/);
});

test('the station refuses central public keys that carry a private part', async () => {
  const { importCentralPublicKeys } = await import('./central-keys');
  await assert.rejects(
    importCentralPublicKeys({
      encryption: keys.pki.centralPrivateJwks.encryption,
      receipts: keys.pki.central.publicKeys.receipts,
    }),
    /private key/,
  );
});
