/**
 * One station per data directory, with real processes: while a `recueil start` runs, a second one on
 * the same configuration exits at once with code 3 and names the first one's PID in French and
 * English; once the first is killed (SIGKILL: no clean-up runs), the kernel has released the lock and
 * a new station starts on the same folder, and a SIGTERM sent as soon as it is up stops it cleanly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appRoot, startStationProcess, writeTestStationConfig } from '../e2e/station-process';

function runStart(configFile: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['bin/recueil.mjs', 'start', '--browser', '--no-open', '--config', configFile],
    { cwd: appRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('one station per data directory (two real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'station.json');
  writeTestStationConfig(configFile, 'DR-LOCK-0001');

  it('refuses a second start with exit code 3 and the holder’s PID, and starts again after a crash', async () => {
    const first = await startStationProcess({ configFile });
    try {
      const second = await runStart(configFile);
      assert.equal(second.code, 3, second.stderr);
      const pid = first.child.pid;
      assert.match(
        second.stderr,
        new RegExp(`Un autre poste Recueil utilise déjà ce dossier de données \\(PID ${pid}\\)`),
      );
      assert.match(
        second.stderr,
        new RegExp(`Another Recueil station already uses this data directory \\(PID ${pid}\\)`),
      );
      assert.ok(first.child.exitCode === null, 'the first station still runs');
    } finally {
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
    }
    // It reaches its `ui <url>` line: the lock is free again.
    const third = await startStationProcess({ configFile });
    assert.match(third.uiUrl, /^http:\/\/127\.0\.0\.1:\d+\//);
    // Stopped the moment its `ui` line is out (its camera scene may still be in the making): the
    // signal handlers are already set, so it stops cleanly with 0 rather than die of the signal.
    assert.equal(await third.stop(), 0);
  });
});
