/**
 * End to end for the offline queue, through the CLI contract and the UI: a provisioned demo
 * environment, the reference central server running, dossiers enqueued while the station is off,
 * then the station starts, syncs them in the background, and the queue screen shows them
 * acknowledged; the central counts each exactly once.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { signIn } from './session-helpers';
import { type RunningStation, recueil, startCentralProcess, startStationProcess } from './station-process';

describe('offline queue and sync, from the CLI and the UI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-queue-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess;
  let station: RunningStation;
  let browser: Browser;

  before(async () => {
    recueil(['demo', 'init', '--dir', dir]);
    central = await startCentralProcess(centralConfig);
  });
  after(async () => {
    await browser?.close();
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues dossiers durably while the station is off', () => {
    const out = recueil(['sim', 'enqueue', '--config', stationConfig, '--count', '3', '--size-mb', '0.2']);
    assert.equal(
      out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('enqueued ')).length,
      3,
    );
    assert.deepEqual(JSON.parse(recueil(['queue', 'status', '--config', stationConfig, '--json'])), {
      queued: 3,
      uploading: 0,
      acknowledged: 0,
      parked: 0,
    });
  });

  it('syncs them in the background once the station runs, and shows them acknowledged', async () => {
    station = await startStationProcess({ configFile: stationConfig });
    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'agent');
    await page.getByRole('link', { name: 'File d’attente' }).click();
    await page.getByRole('heading', { level: 1, name: 'File d’attente des dossiers' }).waitFor();
    await page.locator('[data-count="acknowledged"] strong', { hasText: '3' }).waitFor({ timeout: 60000 });
    assert.equal(await page.locator('tr[data-dossier-state="acknowledged"]').count(), 3);
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => v.id),
      [],
    );
    assert.deepEqual(JSON.parse(recueil(['central', 'count', '--config', centralConfig, '--json'])), {
      dossiers: 3,
    });
  });
});
