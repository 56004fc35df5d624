/**
 * The availability ledger with real processes: a simulated station runs with a clock 600 times
 * faster (anchored, so its time goes on across restarts), records its minutes, is killed (SIGKILL:
 * nothing is flushed), and starts again. The opening minutes between its last record and the
 * restart are `down` / `station-not-running`, every minute from the first to the last is counted
 * exactly once, and `recueil availability --json` prints the contract's shape.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ledgerMinutes } from '../../sync/store/availability/ledger.testing';
import { appRoot, startStationProcess, writeTestStationConfig } from '../e2e/station-process';

const SPEED = 600;
const allDay = ['00:00-24:00'];
const hours = { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay };

/** Resolves once the ledger holds `n` minutes (it is read every 50 ms; no assertion on time). */
async function untilMinutes(dataDir: string, n: number): Promise<void> {
  while (ledgerMinutes(dataDir).length < n) await new Promise((r) => setTimeout(r, 50));
}

describe('availability ledger across a crash (real station processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-availability-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'station.json');
  const anchor = new Date().toISOString();
  writeTestStationConfig(configFile, 'DR-AVAIL-0001', {
    availability: { openingHours: { timeZone: 'Europe/Paris', ...hours } },
    clock: { speed: SPEED, start: anchor, anchor },
  });
  const dataDir = join(dir, 'data');

  it('counts the minutes it was not running as down / station-not-running, each minute once', async () => {
    const first = await startStationProcess({ configFile });
    await untilMinutes(dataDir, 5);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const killedAt = Date.now();
    const beforeCrash = ledgerMinutes(dataDir);
    const lastBefore = beforeCrash.at(-1)!.minute;

    const second = await startStationProcess({ configFile });
    const readyAt = Date.now(); // the ui line is printed after the recorder started
    await untilMinutes(dataDir, beforeCrash.length + 30);
    assert.equal(await second.stop(), 0);

    const minutes = ledgerMinutes(dataDir);
    const firstMinute = minutes[0]!.minute;
    const last = minutes.at(-1)!.minute;
    assert.equal(minutes.length, last - firstMinute + 1, 'every minute from the first to the last, once');
    const notRunning = minutes.filter((m) => m.source === 'not-running');
    assert.ok(notRunning.length > 0, 'the gap was filled');
    assert.equal(notRunning[0]!.minute, lastBefore + 1, 'from the minute after the last record');
    for (const m of notRunning)
      assert.deepEqual([m.state, m.causes], ['down', [{ cause: 'station-not-running' }]]);
    // The gap lasted from the kill to the restart, plus the minutes the last records were still on
    // their way to the ledger when the process died: at 600x, one real second is ten minutes, and a
    // loaded 2-core machine delays a write by up to a second (it failed once with a 2-minute margin).
    const simulated = ((readyAt - killedAt) * SPEED) / 60_000;
    const margin = 12;
    assert.ok(
      notRunning.length <= Math.ceil(simulated) + margin,
      `${notRunning.length} <= ${simulated} + ${margin}`,
    );
    // Observed minutes: a station not enrolled cannot capture.
    const observed = minutes.filter((m) => m.source === 'observed');
    assert.ok(observed.every((m) => m.state === 'down'));
    assert.ok(observed.some((m) => m.causes.some((c) => c.cause === 'station-not-enrolled')));

    const out = spawnSync(
      process.execPath,
      ['bin/recueil.mjs', 'availability', '--config', configFile, '--json'],
      { cwd: appRoot, encoding: 'utf8' },
    );
    assert.equal(out.status, 0, out.stderr);
    const report = JSON.parse(out.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(report), ['date', 'minutes', 'causes', 'availability']);
    assert.match(report.date as string, /^\d{4}-\d{2}-\d{2}$/);
    const causes = report.causes as { cause: string; state: string; minutes: number }[];
    assert.ok(causes.some((c) => c.cause === 'station-not-running' && c.state === 'down'));
    assert.equal(typeof report.availability, 'number');
  });

  it('refuses a bad --date with exit 2 and says what it expects', () => {
    const out = spawnSync(
      process.execPath,
      ['bin/recueil.mjs', 'availability', '--config', configFile, '--date', '2026-13-40', '--json'],
      { cwd: appRoot, encoding: 'utf8' },
    );
    assert.equal(out.status, 2);
    assert.match(out.stderr, /--date: expected a date YYYY-MM-DD/);
  });
});
