/**
 * End to end of the portrait step: the simulated camera shows a real portrait (from ../shared/data,
 * skipped when absent), the capture screen gives live guidance from the on-device checks, a still is
 * auto-captured once every mandatory criterion holds and checked criterion by criterion. The screen
 * passes axe-core.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { fakeCameraFlags, launchChromium } from './browser';
import { appRoot, type RunningStation, startStationProcess } from './station-process';

const portrait = resolve(appRoot, '../shared/data/faces/meds_S001-02.jpg');
const skip = existsSync(portrait)
  ? false
  : `shared data absent (${portrait}): the simulated camera needs a real portrait`;

describe('portrait capture with live guidance', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-capture-e2e-'));
  let station: RunningStation;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const configFile = join(dir, 'station.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        station: { id: 'DR-CAPT-0001', townHall: { name: 'Mairie de Test', inseeCode: '45234' } },
        dataDir: 'station-data',
        devices: { mode: 'simulated', cameraScene: portrait },
      }),
    );
    station = await startStationProcess({ configFile });
    browser = await launchChromium(fakeCameraFlags(await station.line('camera')));
    page = await (await browser.newContext()).newPage();
    await page.goto(station.uiUrl);
    await page.getByRole('link', { name: 'Demande de titre' }).first().click();
  });
  after(async () => {
    await browser?.close();
    await station?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('guides the applicant live from the on-device checks', async () => {
    const guidance = page.getByTestId('guidance');
    await page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid=guidance]')?.textContent ?? '';
        return text.length > 0 && !text.startsWith('Démarrage');
      },
      null,
      { timeout: 60000 },
    );
    assert.ok(((await guidance.textContent()) ?? '').length > 3);
  });

  it('auto-captures once every mandatory criterion holds, then shows the verdict criterion by criterion', async () => {
    // The simulated camera shows the portrait well framed: no click, the station captures by itself.
    const review = page.getByTestId('portrait-review');
    await review.waitFor({ timeout: 90000 });
    await review.getByText('Photo conforme.').waitFor();
    assert.equal(await review.locator('tr[data-criterion="face_count"]').getAttribute('data-status'), 'ok');
    assert.equal(
      await review.locator('tr[data-criterion="inter_eye_distance"]').getAttribute('data-status'),
      'ok',
    );
    assert.equal(
      await review.locator('tr[data-criterion="mouth_closed"]').getAttribute('data-status'),
      'not_assessed',
    );
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => v.id),
      [],
    );
    await page.getByRole('button', { name: 'Valider la photo' }).click();
    await page.getByText('Photo retenue pour le dossier.').waitFor();
  });
});
