/**
 * Central -> station messages end to end over the real mutual-TLS link: dossiers sent by a station
 * become `received` at the central and the station learns it at the same sync; the instruction
 * centre's moves and a complement request (`recueil central request-complement`) reach the station
 * through `recueil sync now` and `recueil inbox`; every message is in the station's audit log; the
 * inbox survives a restart; offline, `recueil inbox` answers from what it pulled before (exit 3).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { enqueueSynthetic, openStation, runSyncNow } from '../../sync/api';
import { recueilCli } from './fixtures/recueil-cli';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

let env: SyncEnv;
let ids: string[];
let dataDir: string;
before(async () => {
  env = await syncEnv();
  ({ ids } = await enqueueSynthetic(env.demo.stationConfig, 2, 0.05));
  const station = await openStation(env.demo.stationConfig);
  dataDir = station.config.dataDir;
  station.close();
});
let centralStopped = false;
after(async () => {
  if (centralStopped) rmSync(env.dir, { recursive: true, force: true });
  else await env?.cleanup();
});

function auditRecords(): {
  action: string;
  outcome: string;
  objects?: { messageId?: string; dossierId?: string };
}[] {
  const dir = join(dataDir, 'audit');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n').filter(Boolean))
    .map((line) => JSON.parse(line));
}

test('the sync that sends the dossiers brings back their received status', async () => {
  assert.equal((await runSyncNow(env.demo.stationConfig)).sent, 2);
  const station = await openStation(env.demo.stationConfig);
  try {
    assert.deepEqual(
      station.outbox.inbox
        .statuses()
        .map((s) => [s.dossier, s.status])
        .sort(),
      ids.map((id) => [id, 'received']).sort(),
    );
  } finally {
    station.close();
  }
});

test('a complement request and a status change reach the station: recueil inbox, sync now, audit, restart', async () => {
  const asked = await recueilCli([
    'central',
    'request-complement',
    '--config',
    env.demo.centralConfig,
    '--dossier',
    ids[0]!,
    '--part',
    'fingerprints',
    '--reason',
    'empreintes-illisibles',
    '--days',
    '20',
    '--json',
  ]);
  assert.equal(asked.code, 0, asked.err);
  const { request } = JSON.parse(asked.out) as { request: string };

  const inbox = await recueilCli(['inbox', '--config', env.demo.stationConfig, '--json']);
  assert.equal(inbox.code, 0, inbox.err);
  const view = JSON.parse(inbox.out) as {
    requests: { request: string; dossier: string; part: string; reason: string; deadline: string }[];
    titles: unknown[];
    statuses: { dossier: string; status: string }[];
  };
  assert.deepEqual(
    view.requests.map((r) => [r.request, r.dossier, r.part, r.reason]),
    [[request, ids[0], 'fingerprints', 'empreintes-illisibles']],
  );
  assert.ok(Date.parse(view.requests[0]!.deadline) > Date.now() + 19 * 86_400_000);
  assert.deepEqual(view.titles, []);
  assert.equal(view.statuses.find((s) => s.dossier === ids[0])?.status, 'complement_requested');

  env.central.store.lifecycle.advance(ids[1]!, 'instruction');
  env.central.store.lifecycle.advance(ids[1]!, 'rejected', { reason: 'piece-manquante' });
  const synced = await recueilCli(['sync', 'now', '--config', env.demo.stationConfig]);
  assert.equal(synced.code, 0, synced.err);

  // after a restart (a new process opening the data folder), the inbox is as it was left
  const station = await openStation(env.demo.stationConfig);
  try {
    const statuses = new Map(station.outbox.inbox.statuses().map((s) => [s.dossier, s]));
    assert.equal(statuses.get(ids[1]!)?.status, 'rejected');
    assert.equal(statuses.get(ids[1]!)?.reason, 'piece-manquante');
    assert.deepEqual(
      station.outbox.inbox.openRequests(Date.now()).map((r) => r.request),
      [request],
    );
    assert.deepEqual(station.outbox.inbox.unaudited(), [], 'the CLI wrote every message to the audit log');
  } finally {
    station.close();
  }
  const records = auditRecords().filter((r) => r.action === 'inbox.message');
  // received x2, instruction + complement_requested + complement.request for D1, instruction + rejected for D2
  assert.equal(records.length, 7, JSON.stringify(records));
  assert.ok(records.every((r) => r.outcome === 'success'));
  assert.equal(new Set(records.map((r) => r.objects?.messageId)).size, 7);
  const verified = await recueilCli(['audit', 'verify', '--config', env.demo.stationConfig, '--json']);
  assert.equal(verified.code, 0, verified.out + verified.err);
});

test('offline, recueil inbox answers from what was pulled before, says why and exits 3', async () => {
  await env.central.close();
  centralStopped = true;
  const offline = await recueilCli(['inbox', '--config', env.demo.stationConfig, '--json']);
  assert.equal(offline.code, 3, offline.err);
  assert.equal((JSON.parse(offline.out) as { requests: unknown[] }).requests.length, 1);
  assert.match(offline.err, /central/i);
});
