/**
 * The two failures of #17 and #24, with real processes: a station started with its embedded central
 * server's port already taken (another station on the machine), and with a disk too full for a
 * dossier (`minFreeMb` beyond the free space). The real sync host meets EADDRINUSE and the outbox's
 * free-space check; the agent's screens get `SYNC_UNAVAILABLE` and `QUEUE_REFUSED` in French with
 * their references, never the Node text; the technician finds the technical detail on the
 * diagnostics screen. Once the port is free, sync recovers without a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { provisionDemo } from '../../central/api';
import type { Incident, SyncState } from '../../main/contract';
import { loadConfigFile } from '../../main/services/config';
import type { Station } from '../../main/services/station';
import { errorText } from '../../renderer/src/ui/error-text';
import { signInAs, startTestStation } from '../support/station';
import { FAST_SCRYPT } from './fixtures/sync-env';

describe('a station whose central port is taken and whose disk is full', () => {
  let dir: string;
  let blocker: Server;
  const blocked = new Set<Socket>();
  let station: Station;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recueil-errors-'));
    // "Another station" holds the embedded central server's port. The station's clients may connect
    // to it (and give up on the handshake): it reads their bytes, so their closing is seen, and it
    // drops what is still open when it frees the port, as a station that exits would.
    blocker = createServer((socket) => {
      blocked.add(socket);
      socket.on('close', () => blocked.delete(socket));
      socket.on('error', () => undefined);
      socket.resume();
    });
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const demo = await provisionDemo(dir, {
      port,
      scryptCost: FAST_SCRYPT,
      central: {
        url: 'embedded',
        embedded: { centralConfig: 'central.json' },
        // Keep 10 TB free: no disk has that, so every dossier is refused before it is written.
        minFreeMb: 10_000_000,
      },
    });
    const config = loadConfigFile(demo.stationConfig);
    station = await startTestStation(config);
    await signInAs(station, 'technicien');
  });
  after(async () => {
    await station?.stop();
    if (blocker?.listening) blocker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The sync state once `done` holds for it (the embedded central reports and retries on its own). */
  async function syncStateWhen(done: (state: SyncState) => boolean, timeoutMs: number): Promise<SyncState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await station.dispatch('sync.status', {});
      assert.ok(status.ok);
      const state = status.value as SyncState;
      if (done(state) || Date.now() > deadline) return state;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('says in French that sync is unavailable and why, with its reference, never EADDRINUSE', async () => {
    const state = await syncStateWhen((s) => s.problem !== undefined, 15_000);
    assert.equal(state.state, 'blocked');
    assert.equal(state.problem?.code, 'SYNC_UNAVAILABLE');
    assert.equal(state.problem?.details?.technical, undefined, 'no technical detail on a screen');
    const text = errorText(state.problem!);
    assert.match(
      text,
      /^Synchronisation indisponible : le port du système central de démonstration est déjà utilisé .* Réf\. E-SYNC-UNAVAILABLE-[0-9A-F]{8}$/,
    );
    assert.doesNotMatch(`${text} ${state.detail}`, /EADDRINUSE|listen|address already in use/);
    const incidents = await station.dispatch('diagnostics.incidents', {});
    assert.ok(incidents.ok);
    const incident = (incidents.value as Incident[]).find((i) => i.incident === state.problem?.incident);
    assert.equal(incident?.command, 'sync.startup');
    assert.match(incident?.technical ?? '', /EADDRINUSE/);
  });

  it('refuses a dossier on a full disk with QUEUE_REFUSED and the French remedy (real sync host)', async () => {
    const application = {
      titleType: 'passport',
      applicant: { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' },
    };
    const parts = [
      {
        name: 'application',
        mediaType: 'application/json',
        base64: Buffer.from(JSON.stringify(application)).toString('base64'),
      },
    ];
    const refused = await station.hosts.sync.call(
      'submit',
      { kind: 'application', agentId: 'AG-01AB', parts },
      30000,
    );
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'QUEUE_REFUSED', JSON.stringify(refused.error.details));
    assert.match(
      refused.error.message,
      /^Espace disque insuffisant : .* Le dossier n’a pas été mis en file d’envoi\. Libérez de l’espace ou contactez l’assistance\.$/,
    );
    assert.match(String(refused.error.details?.technical), /DiskSpaceError/);
    assert.match(
      errorText({ code: refused.error.code, message: refused.error.message }),
      /Libérez de l’espace ou contactez l’assistance\. Réf\. E-QUEUE-REFUSED$/,
    );
    const queue = await station.dispatch('queue.status', {});
    assert.ok(queue.ok);
    assert.equal((queue.value as { counts: { queued: number } }).counts.queued, 0, 'nothing was queued');
  });

  it('recovers by itself once the other station frees the port', async () => {
    const closed = new Promise<void>((resolve) => blocker.close(() => resolve()));
    for (const socket of blocked) socket.destroy();
    await closed;
    // The embedded central retries with a back-off of at most 10 s.
    const state = await syncStateWhen((s) => s.problem === undefined, 30_000);
    assert.equal(state.problem, undefined, JSON.stringify(state));
    assert.notEqual(state.state, 'blocked');
  });
});
