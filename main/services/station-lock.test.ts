import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acquireStationLock, StationLockedError } from './station-lock';

describe('station lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'recueil-lock-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second holder of the same data directory, naming the holder’s PID, until released', async () => {
    const dir = join(root, 'data');
    const first = await acquireStationLock(dir);
    const refused = await acquireStationLock(dir).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof StationLockedError);
    assert.equal(refused.exitCode, 3);
    assert.equal(refused.holder?.pid, process.pid);
    assert.match(
      refused.message,
      new RegExp(`^Un autre poste Recueil utilise déjà ce dossier de données \\(PID ${process.pid}\\)`),
    );
    assert.match(
      refused.message,
      new RegExp(`\\nAnother Recueil station already uses this data directory \\(PID ${process.pid}\\)`),
    );
    await first.release();
    const again = await acquireStationLock(dir);
    await again.release();
  });

  it('is one lock for a folder reached by another path (symlink, trailing dot)', async () => {
    const dir = join(root, 'real');
    mkdirSync(dir);
    symlinkSync(dir, join(root, 'link'));
    const first = await acquireStationLock(dir);
    for (const other of [join(root, 'link'), join(dir, '.')]) {
      await assert.rejects(acquireStationLock(other), StationLockedError);
    }
    await first.release();
  });

  it('leaves other data directories alone', async () => {
    const a = await acquireStationLock(join(root, 'a'));
    const b = await acquireStationLock(join(root, 'b'));
    await Promise.all([a.release(), b.release()]);
  });
});
