/**
 * The central's dossier lifecycle contract from the command line, on dossiers a station really
 * sent over mutual TLS: `recueil central list|status|set-status|request-complement` (JSON shapes,
 * status filter, history), and bad input: an unknown status lists the allowed ones, an unknown
 * dossier, a malformed id, a move the status does not allow and a bad reason code each exit 2.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DossierStatus } from '../../common/domain/dossier-status';
import { enqueueSynthetic, runSyncNow } from '../../sync/api';
import { uuidV7 } from '../../sync/dossier';
import { recueilCli } from './fixtures/recueil-cli';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

const central = (args: string[]) => recueilCli(['central', ...args]);

let env: SyncEnv;
let ids: string[];
let config: string[];
before(async () => {
  env = await syncEnv();
  ({ ids } = await enqueueSynthetic(env.demo.stationConfig, 2, 0.05));
  assert.equal((await runSyncNow(env.demo.stationConfig)).sent, 2);
  config = ['--config', env.demo.centralConfig];
});
after(() => env?.cleanup());

describe('recueil central list|status', () => {
  it('lists the received dossiers, and their history once moved', async () => {
    const listed = await central(['list', ...config, '--json']);
    assert.equal(listed.code, 0, listed.err);
    assert.deepEqual(
      (JSON.parse(listed.out) as { dossier: string }[]).map((e) => e.dossier).sort(),
      [...ids].sort(),
    );
    for (const entry of JSON.parse(listed.out))
      assert.deepEqual(Object.keys(entry), ['dossier', 'kind', 'status']);
    assert.ok((JSON.parse(listed.out) as { status: string }[]).every((e) => e.status === 'received'));

    const moved = await central([
      'set-status',
      ...config,
      '--dossier',
      ids[0]!,
      '--status',
      'instruction',
      '--json',
    ]);
    assert.equal(moved.code, 0, moved.err);
    const requested = await central([
      'request-complement',
      ...config,
      '--dossier',
      ids[0]!,
      '--part',
      'portrait',
      '--reason',
      'photo-non-conforme',
      '--days',
      '10',
      '--json',
    ]);
    assert.equal(requested.code, 0, requested.err);
    const { request } = JSON.parse(requested.out) as { request: string };
    assert.match(request, /^[0-9a-f-]{36}$/);

    const status = await central(['status', ...config, '--dossier', ids[0]!, '--json']);
    assert.equal(status.code, 0, status.err);
    const view = JSON.parse(status.out) as {
      dossier: string;
      status: string;
      history: { status: string; request?: string }[];
    };
    assert.equal(view.dossier, ids[0]);
    assert.equal(view.status, 'complement_requested');
    assert.deepEqual(
      view.history.map((h) => h.status),
      ['received', 'instruction', 'complement_requested'],
    );
    assert.equal(view.history.at(-1)!.request, request);

    const filtered = await central(['list', ...config, '--status', 'complement_requested', '--json']);
    assert.deepEqual(JSON.parse(filtered.out), [
      { dossier: ids[0], kind: 'application', status: 'complement_requested' },
    ]);
    assert.deepEqual(
      JSON.parse((await central(['list', ...config, '--status', 'rejected', '--json'])).out),
      [],
    );
  });

  it('an unknown status exits 2 and lists the allowed values', async () => {
    const bad = await central(['list', ...config, '--status', 'lost', '--json']);
    assert.equal(bad.code, 2);
    assert.match(
      bad.err,
      new RegExp(`--status: expected one of ${DossierStatus.options.join(', ')}, got lost`),
    );
  });

  it('an unknown dossier, a malformed id, a refused move and a bad reason code exit 2 with the reason', async () => {
    const unknown = uuidV7();
    const missing = await central(['status', ...config, '--dossier', unknown, '--json']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, new RegExp(`--dossier: unknown dossier ${unknown}`));
    const malformed = await central(['status', ...config, '--dossier', '42', '--json']);
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /--dossier: expected a dossier id \(UUIDv7\), got 42/);
    const refused = await central(['set-status', ...config, '--dossier', ids[1]!, '--status', 'handed_over']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /is received: it can move to instruction, rejected, not handed_over/);
    const reason = await central([
      'set-status',
      ...config,
      '--dossier',
      ids[1]!,
      '--status',
      'rejected',
      '--reason',
      'Pas bon',
    ]);
    assert.equal(reason.code, 2);
    assert.match(reason.err, /--reason: expected a reason code/);
    const part = await central([
      'request-complement',
      ...config,
      '--dossier',
      ids[1]!,
      '--part',
      'iris',
      '--reason',
      'x',
      '--json',
    ]);
    assert.equal(part.code, 2);
    assert.match(part.err, /--part: expected one of portrait, fingerprints, signature, got iris/);
    const days = await central([
      'request-complement',
      ...config,
      '--dossier',
      ids[1]!,
      '--part',
      'signature',
      '--reason',
      'x',
      '--days',
      '0',
    ]);
    assert.equal(days.code, 2);
    assert.match(days.err, /--days: expected a whole number of days from 1 to 366, got 0/);
    const after = await central(['status', ...config, '--dossier', ids[1]!, '--json']);
    assert.equal(JSON.parse(after.out).status, 'received', 'nothing moved');
  });
});
