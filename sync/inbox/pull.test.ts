import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { TYP_MESSAGE } from '../crypto/algorithms';
import { signCentralDocument } from '../crypto/central-document';
import { signCentralMessage } from '../crypto/central-message';
import { twoTestPkis } from '../crypto/crypto.testing';
import { type CentralMessage, MessageEnvelope, type MessagesPage } from '../protocol/central-messages';
import { openDatabase } from '../store/database';
import { Inbox } from '../store/inbox';
import { migrate } from '../store/migrate';
import { tempDir } from '../store/store.testing';
import { type MessageSource, pullMessages } from './pull';

const keys = twoTestPkis();
const STATION = 'MAIRIE-75056-01';
const NOW = Date.parse('2026-12-08T10:00:00Z');
const DOSSIER = '01938a6e-7c00-7000-8000-000000000001';

let dir: ReturnType<typeof tempDir>;
let db: ReturnType<typeof openDatabase>;
let inbox: Inbox;
const path = () => `${dir.dir}/outbox.sqlite`;
beforeEach(() => {
  dir = tempDir('recueil-inbox-');
  db = openDatabase(path());
  migrate(db);
  inbox = new Inbox(db);
});
afterEach(() => {
  if (db.open) db.close();
  dir.cleanup();
});

let n = 0;
function status(seq: number, over: Partial<CentralMessage> = {}): CentralMessage {
  n++;
  return {
    id: `6f1c3a52-8b0e-4d5e-9a51-${String(n).padStart(12, '0')}`,
    seq,
    type: 'dossier.status',
    stationId: STATION,
    dossierId: DOSSIER,
    status: 'instruction',
    at: new Date(NOW - 1000 * (100 - seq)).toISOString(),
    iat: NOW / 1000 - 60,
    exp: NOW / 1000 + 3600,
    ...over,
  } as CentralMessage;
}

function complement(seq: number, requestId: string, deadline = '2026-12-23T10:00:00.000Z'): CentralMessage {
  const {
    status: _status,
    at: _at,
    ...common
  } = status(seq) as Extract<CentralMessage, { type: 'dossier.status' }>;
  return {
    ...common,
    type: 'complement.request',
    requestId,
    part: 'portrait',
    reason: 'photo-non-conforme',
    deadline,
  } as unknown as CentralMessage;
}

const sign = (m: CentralMessage) => signCentralMessage(m, keys.pki.central);

/** A central that answers pages from a fixed list of signed messages (by the seq their claims say). */
function source(messages: { seq: number; jws: string }[], pageSize = 2): MessageSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    async page(after): Promise<MessagesPage> {
      asked.push(after);
      const rest = messages.filter((m) => m.seq > after);
      return { messages: rest.slice(0, pageSize).map((m) => m.jws), more: rest.length > pageSize };
    },
  };
}

const pull = (s: MessageSource) =>
  pullMessages(s, inbox, keys.pki.recipient, { stationId: STATION, now: () => NOW });

test('messages are pulled page by page after the cursor; the view follows; a second pull starts where the first ended', async () => {
  const m = [
    status(1, { status: 'received' } as never),
    status(3),
    complement(4, '0b7e2a10-1111-4222-8333-444455556666'),
  ];
  const central = source(await Promise.all(m.map(async (x) => ({ seq: x.seq, jws: await sign(x) }))));
  assert.deepEqual(await pull(central), { accepted: 3, refused: [] });
  assert.deepEqual(central.asked, [0, 3]);
  assert.equal(inbox.cursor(), 4);
  assert.deepEqual(inbox.statuses(), [
    { dossier: DOSSIER, status: 'instruction', at: m[1]!.type === 'dossier.status' ? m[1]!.at : '' },
  ]);
  assert.deepEqual(inbox.openRequests(NOW), [
    {
      request: '0b7e2a10-1111-4222-8333-444455556666',
      dossier: DOSSIER,
      part: 'portrait',
      reason: 'photo-non-conforme',
      deadline: '2026-12-23T10:00:00.000Z',
    },
  ]);
  assert.deepEqual(
    inbox.openRequests(Date.parse('2026-12-23T10:00:00Z')),
    [],
    'past its deadline it is no longer open',
  );
  assert.deepEqual(await pull(central), { accepted: 0, refused: [] });
  assert.deepEqual(central.asked.slice(2), [4]);
});

test('the inbox survives a restart: cursor, view and journal are in the database', async () => {
  const m = status(5);
  await pull(source([{ seq: 5, jws: await sign(m) }]));
  db.close();
  db = openDatabase(path());
  migrate(db);
  inbox = new Inbox(db);
  assert.equal(inbox.cursor(), 5);
  assert.equal(inbox.statuses()[0]!.status, 'instruction');
  assert.deepEqual(
    inbox.unaudited().map((e) => [e.outcome, e.messageId]),
    [['accepted', m.id]],
  );
});

test('a replayed message (same id, or a seq already seen) is refused, journaled once, and changes nothing', async () => {
  const first = status(2, { status: 'rejected', reason: 'piece-manquante' } as never);
  const jws = await sign(first);
  await pull(source([{ seq: 2, jws }]));
  // the same message again, and a new id reusing a seen seq, served by a faulty central
  const sameSeq = await sign(status(2));
  const again = {
    async page(): Promise<MessagesPage> {
      return { messages: [jws, sameSeq], more: false };
    },
  };
  const result = await pull(again);
  assert.deepEqual(
    result.refused.map((r) => r.reason),
    ['replay', 'replay'],
  );
  await pull(again);
  assert.equal(inbox.statuses()[0]!.status, 'rejected', 'the replay did not overwrite the status');
  const refusals = inbox.unaudited().filter((e) => e.outcome === 'refused');
  assert.equal(refusals.length, 2, 'each replay journaled once however often it comes back');
  assert.ok(refusals.every((e) => e.reason === 'replay'));
});

test('expired, unknown type, wrong station and bad claims are refused and passed (the cursor moves past them)', async () => {
  const expired = status(1, { exp: NOW / 1000 - 1 } as never);
  const unknownType = { ...status(2), type: 'title.cancelled' };
  const otherStation = status(3, { stationId: 'MAIRIE-69123-02' } as never);
  const badClaims = { ...status(4), status: 'lost' };
  const any = (c: unknown) => signCentralDocument(TYP_MESSAGE, MessageEnvelope, c as never, keys.pki.central);
  const central = source(
    [
      { seq: 1, jws: await sign(expired) },
      { seq: 2, jws: await any(unknownType) },
      { seq: 3, jws: await sign(otherStation) },
      { seq: 4, jws: await any(badClaims) },
      { seq: 5, jws: await sign(status(5)) },
    ],
    10,
  );
  const result = await pull(central);
  assert.equal(result.accepted, 1);
  assert.deepEqual(
    result.refused.map((r) => r.reason),
    ['expired', 'unknown-type', 'wrong-station', 'claims'],
  );
  assert.equal(inbox.cursor(), 5);
  assert.deepEqual(
    inbox.unaudited().map((e) => `${e.outcome}:${e.reason ?? ''}:${e.messageSeq}`),
    [
      'refused:expired:1',
      'refused:unknown-type:2',
      'refused:wrong-station:3',
      'refused:claims:4',
      'accepted::5',
    ],
  );
  assert.equal(inbox.statuses().length, 1);
});

test('a bad signature or another central key is refused without moving the cursor, and journaled once', async () => {
  const forged = await signCentralMessage(status(7), keys.other.central);
  const good = await sign(status(8));
  const [h, p, s] = good.split('.');
  const tampered = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
  const central = {
    async page(): Promise<MessagesPage> {
      return { messages: [forged, tampered], more: true };
    },
  };
  const result = await pull(central);
  assert.deepEqual(
    result.refused.map((r) => r.reason),
    ['unknown-key', 'signature'],
  );
  assert.equal(inbox.cursor(), 0, 'untrusted seqs never move the cursor (and the pull stops: nothing moved)');
  await pull(central);
  assert.equal(inbox.unaudited().length, 2, 'pulled again: not journaled twice');
  assert.deepEqual(inbox.statuses(), []);
  inbox.markAudited(inbox.unaudited().map((e) => e.seq));
  assert.deepEqual(inbox.unaudited(), []);
});
