import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CentralMessage } from '../protocol/central-messages';
import { MessageEnvelope } from '../protocol/central-messages';
import { TYP_MESSAGE } from './algorithms';
import { signCentralDocument } from './central-document';
import {
  type MessageRefusal,
  MessageRejected,
  signCentralMessage,
  verifyCentralMessage,
} from './central-message';
import { twoTestPkis } from './crypto.testing';

const keys = twoTestPkis();
const NOW = Date.parse('2026-12-08T10:00:00Z');
const expected = { stationId: 'MAIRIE-75056-01', now: NOW };

const status: CentralMessage = {
  id: '6f1c3a52-8b0e-4d5e-9a51-1f2c3d4e5f60',
  seq: 7,
  type: 'dossier.status',
  stationId: 'MAIRIE-75056-01',
  dossierId: '01938a6e-7c00-7000-8000-000000000001',
  status: 'instruction',
  at: '2026-12-08T09:00:00.000Z',
  iat: NOW / 1000 - 3600,
  exp: NOW / 1000 + 3600,
};

const request: CentralMessage = {
  id: '6f1c3a52-8b0e-4d5e-9a51-1f2c3d4e5f61',
  seq: 8,
  type: 'complement.request',
  stationId: 'MAIRIE-75056-01',
  dossierId: '01938a6e-7c00-7000-8000-000000000001',
  requestId: '0b7e2a10-1111-4222-8333-444455556666',
  part: 'portrait',
  reason: 'photo-non-conforme',
  deadline: '2026-12-23T10:00:00.000Z',
  iat: NOW / 1000,
  exp: NOW / 1000 + 15 * 86400,
};

const refusedFor = (reason: MessageRefusal) => (error: unknown) =>
  error instanceof MessageRejected && error.reason === reason;

test('a status message and a complement request verify and give back their claims', async () => {
  for (const message of [status, request]) {
    const jws = await signCentralMessage(message, keys.pki.central);
    assert.deepEqual(await verifyCentralMessage(jws, keys.pki.recipient, expected), message);
  }
});

test('a message signed by another central, a forged signature and garbage are refused', async () => {
  const other = await signCentralMessage(status, keys.other.central);
  await assert.rejects(verifyCentralMessage(other, keys.pki.recipient, expected), refusedFor('unknown-key'));
  const jws = await signCentralMessage(status, keys.pki.central);
  const [h, p, s] = jws.split('.');
  const flipped = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
  await assert.rejects(verifyCentralMessage(flipped, keys.pki.recipient, expected), refusedFor('signature'));
  await assert.rejects(
    verifyCentralMessage('not a jws', keys.pki.recipient, expected),
    refusedFor('signature'),
  );
});

test('a receipt or configuration passed off as a message is refused by its typ', async () => {
  const receiptLike = await signCentralDocument(
    'recueil-receipt+jwt',
    MessageEnvelope,
    status,
    keys.pki.central,
  );
  await assert.rejects(verifyCentralMessage(receiptLike, keys.pki.recipient, expected), refusedFor('typ'));
});

test('an unknown type is refused as such, with what could be read of it', async () => {
  const jws = await signCentralDocument(
    TYP_MESSAGE,
    MessageEnvelope,
    { ...status, type: 'title.cancelled' },
    keys.pki.central,
  );
  await assert.rejects(verifyCentralMessage(jws, keys.pki.recipient, expected), (error: unknown) => {
    assert.ok(error instanceof MessageRejected);
    assert.equal(error.reason, 'unknown-type');
    assert.deepEqual(error.seen, { id: status.id, seq: 7, type: 'title.cancelled' });
    return true;
  });
});

test('bad claims of a known type, another station and an expired message are refused', async () => {
  const sign = (claims: Record<string, unknown>) =>
    signCentralDocument(TYP_MESSAGE, MessageEnvelope, claims as never, keys.pki.central);
  const badStatus = await sign({ ...status, status: 'lost' });
  await assert.rejects(verifyCentralMessage(badStatus, keys.pki.recipient, expected), refusedFor('claims'));
  const extra = await sign({ ...request, portrait: 'AAAA' });
  await assert.rejects(verifyCentralMessage(extra, keys.pki.recipient, expected), refusedFor('claims'));
  const elsewhere = await signCentralMessage({ ...status, stationId: 'MAIRIE-69123-02' }, keys.pki.central);
  await assert.rejects(
    verifyCentralMessage(elsewhere, keys.pki.recipient, expected),
    refusedFor('wrong-station'),
  );
  const expired = await signCentralMessage({ ...status, exp: NOW / 1000 }, keys.pki.central);
  await assert.rejects(verifyCentralMessage(expired, keys.pki.recipient, expected), refusedFor('expired'));
});

test('fuzz: any signed claims either verify as a well-formed message or are refused with a reason', async () => {
  const field = fc.constantFrom(
    'id',
    'seq',
    'type',
    'stationId',
    'dossierId',
    'status',
    'reason',
    'at',
    'exp',
    'part',
    'deadline',
    'requestId',
    'iat',
  );
  const claims = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc
      .record({ base: fc.constantFrom(status, request), key: field, value: fc.jsonValue({ maxDepth: 2 }) })
      .map(({ base, key, value }) => ({ ...base, [key]: value })),
    fc.record({ base: fc.constantFrom(status, request), key: field }).map(({ base, key }) => {
      const { [key as keyof typeof base]: _dropped, ...rest } = base;
      return rest;
    }),
  );
  const Any = { parse: (value: unknown) => value } as unknown as typeof MessageEnvelope;
  await fc.assert(
    fc.asyncProperty(claims, async (value) => {
      const jws = await signCentralDocument(TYP_MESSAGE, Any, value as never, keys.pki.central);
      try {
        const message = await verifyCentralMessage(jws, keys.pki.recipient, expected);
        assert.ok(message.type === 'dossier.status' || message.type === 'complement.request');
        assert.equal(message.stationId, expected.stationId);
        assert.ok(message.exp * 1000 > NOW);
      } catch (error) {
        assert.ok(error instanceof MessageRejected, String(error));
      }
    }),
    { numRuns: 200 },
  );
});
