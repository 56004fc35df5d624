/**
 * The portrait step's three intakes in Chromium (issue 18 D), on an enrolled demo station with a
 * real reference central process: an e-photo code issued on the central's simulated provider
 * (kept, then a used code refused in French), a flatbed scan of a paper photo made by the eSCL
 * simulator's glass (found, cropped, checked), and live capture with the camera. Each screen is
 * axe-checked and photographed (test-results/screenshots/portrait-intake-*.png).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { defaultScene } from '../../drivers/devices/escl-scanner/simulator/glass';
import { samplePortraitPng } from '../../drivers/devices/escl-scanner/simulator/sample-portrait';
import { platenJob, scanPage } from '../../drivers/devices/escl-scanner/simulator/server';
import { analysePortrait, disposeSharedChecker, makeTokenPortrait } from '../../models/face';
import { expectNoAxeViolations } from './axe';
import { fakeCameraFlags, launchChromium } from './browser';
import { signIn } from './session-helpers';
import {
  appRoot,
  type RunningStation,
  recueil,
  startCentralProcess,
  startStationProcess,
} from './station-process';

const screenshots = join(appRoot, 'test-results', 'screenshots');
const portrait = resolve(appRoot, '../shared/data/faces/meds_S001-02.jpg');
const skip = existsSync(portrait) ? false : `shared data absent (${portrait})`;

describe('portrait intakes at the counter, end to end', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-intake-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess;
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) =>
    page.screenshot({ path: join(screenshots, `portrait-intake-${name}.png`), fullPage: true });
  const issue = (photo: string, state: string) =>
    recueil([
      'central',
      'ephoto',
      'issue',
      '--config',
      centralConfig,
      '--photo',
      photo,
      '--state',
      state,
    ]).trim();

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    recueil(['demo', 'init', '--dir', dir]);
    const config = JSON.parse(readFileSync(stationConfig, 'utf8'));
    config.devices = { ...config.devices, mode: 'simulated', cameraScene: portrait };
    writeFileSync(stationConfig, JSON.stringify(config));
    // The booth's photo: the ISO token of a real portrait; the flatbed scan of a paper photo.
    const analysis = await analysePortrait(new Uint8Array(readFileSync(portrait)));
    const { rightEye: right, leftEye: left } = analysis.geometry!;
    const token = await makeTokenPortrait(analysis.image, { eyes: { right, left } }, { format: 'jpeg' });
    await disposeSharedChecker();
    writeFileSync(join(dir, 'booth.jpg'), token.data);
    const scan = await scanPage(
      defaultScene(await samplePortraitPng(), { skewDeg: -2.5 }),
      platenJob(300, undefined, 'image/png'),
    );
    writeFileSync(join(dir, 'scan.png'), scan);
    central = await startCentralProcess(centralConfig);
    station = await startStationProcess({ configFile: stationConfig });
    browser = await launchChromium(fakeCameraFlags(await station.line('camera')));
    page = await (await browser.newContext()).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'agent');
    await page.getByRole('link', { name: 'Demande de titre' }).first().click();
    await page.getByLabel('Nom de naissance').fill('Martin');
    await page.getByLabel('Prénoms').fill('Camille');
    await page.getByLabel('Date de naissance').fill('1990-05-04');
    await page.getByLabel('Sexe').selectOption('F');
    await page.getByRole('button', { name: 'Commencer la demande' }).click();
    await page.getByRole('radio', { name: /Code e-photo/ }).waitFor({ timeout: 30000 });
  });
  after(async () => {
    await browser?.close();
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('e-photo: a valid code brings the provider’s photo and its verdict; a used one is refused in French', async () => {
    const code = issue(join(dir, 'booth.jpg'), 'valid');
    await page.getByRole('radio', { name: /Code e-photo/ }).check({ force: true });
    await page.getByRole('textbox', { name: /Code e-photo/ }).fill(code.replace(/(.{4})/g, '$1 '));
    await page.getByRole('button', { name: 'Récupérer la photo' }).click();
    const review = page.getByTestId('portrait-review');
    await review.waitFor({ timeout: 60000 });
    assert.match(
      (await page.getByTestId('portrait-source').textContent()) ?? '',
      /Photo e-photo authentique/,
    );
    assert.equal(await review.locator('tr[data-criterion="face_count"]').getAttribute('data-status'), 'ok');
    await expectNoAxeViolations(page);
    await shot('1-ephoto');
    await page.getByRole('button', { name: 'Saisir un autre code' }).click();
    await page.getByRole('textbox', { name: /Code e-photo/ }).fill(issue(join(dir, 'booth.jpg'), 'used'));
    await page.getByRole('button', { name: 'Récupérer la photo' }).click();
    await page.getByText(/Ce code e-photo a déjà servi/).waitFor({ timeout: 30000 });
    await expectNoAxeViolations(page);
    await shot('2-ephoto-deja-utilise');
  });

  it('paper photo: the flatbed scan is found, cropped to the token and checked', async () => {
    await page.getByRole('radio', { name: /Photo papier/ }).check({ force: true });
    await page.getByLabel(/Numérisation de la photo papier/).setInputFiles(join(dir, 'scan.png'));
    await page.getByRole('button', { name: 'Analyser la numérisation' }).click();
    const review = page.getByTestId('portrait-review');
    await review.waitFor({ timeout: 90000 });
    assert.match((await page.getByTestId('portrait-source').textContent()) ?? '', /Photo papier numérisée/);
    assert.ok((await review.locator('tr[data-criterion="halftone"]').count()) === 1);
    await expectNoAxeViolations(page);
    await shot('3-photo-papier');
  });

  it('live capture: the camera path with its guidance', async () => {
    await page.getByRole('radio', { name: /Prise de vue au guichet/ }).check({ force: true });
    await page.getByTestId('guidance').waitFor({ timeout: 30000 });
    await page.getByRole('button', { name: 'Prendre la photo maintenant' }).waitFor();
    await expectNoAxeViolations(page);
    await shot('4-prise-de-vue');
  });
});
