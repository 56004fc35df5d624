/**
 * End to end of an application at the counter, in browser mode with the simulated devices and the
 * reference central server: the agent signs in with the simulated agent card, types the identity,
 * the simulated camera shows a real portrait (from ../shared/data, skipped when absent) with live
 * guidance and auto-capture, two fingerprints are taken (one finger declared unusable, the fallback
 * finger captured), the simulated applicant signs on the pad (strokes shown live), the dossier is
 * reviewed and submitted, the receipt is shown, and the central server receives it exactly once.
 * Every screen passes axe-core; a screenshot of each step is written to test-results/screenshots.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { findMarker } from '../../sync/store/plaintext-scanner';
import { allFiles } from '../../sync/store/store.testing';
import { connectStation, type StationSocket, signInSimulated } from '../chaos/station-client';
import { expectNoAxeViolations } from './axe';
import { fakeCameraFlags, launchChromium } from './browser';
import { awayThenPresentClip } from './camera-clip';
import { signIn } from './session-helpers';
import {
  appRoot,
  type RunningStation,
  recueil,
  startCentralProcess,
  startStationProcess,
} from './station-process';

const screenshots = join(appRoot, 'test-results', 'screenshots');
/** Unusual names, so that finding them anywhere on disk can only be a leak. */
const surname = 'Quentrec-Lhermitte';
const scanner = 'sim-sbi-fingerprint';
const givenNames = 'Sidonie Aurélie';

const portrait = resolve(appRoot, '../shared/data/faces/meds_S001-02.jpg');
const skip = existsSync(portrait)
  ? false
  : `shared data absent (${portrait}): the simulated camera needs a real portrait`;

describe('application capture at the counter, end to end', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-capture-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess;
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  let control: StationSocket;
  const startCentral = () => startCentralProcess(centralConfig);
  const shot = (name: string) =>
    page.screenshot({ path: join(screenshots, `application-${name}.png`), fullPage: true });

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    recueil(['demo', 'init', '--dir', dir]);
    const config = JSON.parse(readFileSync(stationConfig, 'utf8'));
    config.devices = { ...config.devices, mode: 'simulated', cameraScene: portrait };
    writeFileSync(stationConfig, JSON.stringify(config));
    central = await startCentral();
    station = await startStationProcess({ configFile: stationConfig });
    control = await connectStation(station.uiUrl);
    // A technician unplugs the fingerprint scanner (diagnostics need the technician role) and signs
    // out: the agent meets the unplugged scanner in the middle of the capture.
    await signInSimulated(control.api, 'technicien');
    assert.ok((await control.api.invoke('devices.simulate', { deviceId: scanner, action: 'unplug' })).ok);
    assert.ok((await control.api.invoke('session.signOut', {})).ok);
    // The applicant is first away from the camera (3 s), then in front of it (20 s), in a loop.
    const clip = join(dir, 'away-then-present.y4m');
    awayThenPresentClip(await station.line('camera'), clip, { fps: 1, awayFrames: 3, presentFrames: 20 });
    browser = await launchChromium(fakeCameraFlags(clip));
    page = await (await browser.newContext()).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'agent');
    await signIn(page, 'agent');
    await page.getByRole('link', { name: 'Demande de titre' }).first().click();
  });
  after(async () => {
    control?.close();
    await browser?.close();
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts an application from the identity fields', async () => {
    await page.getByLabel('Numéro de pré-demande (facultatif)').fill('ab12cd34ef');
    await page.getByLabel('Nom de naissance').fill(surname);
    await page.getByLabel('Prénoms').fill(givenNames);
    await page.getByLabel('Date de naissance').fill('1990-05-04');
    await page.getByLabel('Sexe').selectOption('F');
    await expectNoAxeViolations(page);
    await shot('1-identite');
    await page.getByRole('button', { name: 'Commencer la demande' }).click();
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

  it('refuses a bad photo taken by hand, then auto-captures once every mandatory criterion holds', async () => {
    const review = page.getByTestId('portrait-review');
    const guidance = page.getByTestId('guidance');
    // A photo taken while the applicant is away: not compliant, and it is not kept.
    const away = guidance.getByText('Placez votre visage dans le cadre');
    let retakes = 0;
    let manual = 0;
    for (;;) {
      // The clip may be in front of the camera when the step opens: the station then captures by
      // itself before the applicant is ever away; that photo is taken again until the away phase.
      await away.or(review).waitFor({ timeout: 60000 });
      if (await review.isVisible()) {
        // the clip is 20 s in front of the camera for 3 s away: at most a few retakes a second
        assert.ok(retakes++ < 40, 'the applicant was never seen away from the camera');
        await page.getByRole('button', { name: 'Reprendre la photo' }).click();
        continue;
      }
      await page.getByRole('button', { name: 'Prendre la photo maintenant' }).click();
      await review.waitFor({ timeout: 60000 });
      if (await review.getByText(/^Photo non conforme/).isVisible()) break;
      // The applicant came back between the guidance and the click: take it again.
      assert.ok(manual++ < 3, 'a photo of the empty scene could not be taken');
      await page.getByRole('button', { name: 'Reprendre la photo' }).click();
    }
    assert.equal(await review.locator('tr[data-criterion="face_count"]').getAttribute('data-status'), 'nok');
    assert.equal(await page.getByRole('button', { name: 'Valider la photo' }).count(), 0);
    await expectNoAxeViolations(page);
    await shot('2a-photo-non-conforme');
    await page.getByRole('button', { name: 'Reprendre la photo' }).click();
    // The applicant comes in front of the camera: no click, the station captures by itself (again
    // if the applicant happened to step away at the very moment of the capture).
    for (let tries = 0; ; tries++) {
      await review.getByText(/^Photo (non )?conforme/).waitFor({ timeout: 90000 });
      if (await review.getByText('Photo conforme.').isVisible()) break;
      assert.ok(tries < 3, 'no compliant auto-capture');
      await page.getByRole('button', { name: 'Reprendre la photo' }).click();
    }
    assert.equal(await review.locator('tr[data-criterion="face_count"]').getAttribute('data-status'), 'ok');
    assert.equal(
      await review.locator('tr[data-criterion="inter_eye_distance"]').getAttribute('data-status'),
      'ok',
    );
    assert.equal(await review.locator('tr[data-criterion="mouth_closed"]').getAttribute('data-status'), 'ok');
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => v.id),
      [],
    );
    await shot('2-photo');
    await page.getByRole('button', { name: 'Valider la photo' }).click();
  });

  it('takes two fingerprints with quality feedback, with a fallback for an unusable finger', async () => {
    await page.getByRole('heading', { name: 'Empreintes digitales' }).waitFor({ timeout: 30000 });
    const capture = async (name: string) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const button = page.getByRole('button', { name: `Capturer : ${name}` });
        if ((await button.count()) === 0) return;
        await button.click();
        await page
          .getByRole('img', { name: new RegExp(`Empreinte capturée : ${name}, essai ${attempt + 1}`) })
          .waitFor({
            timeout: 60000,
          });
      }
    };
    // The scanner is unplugged: a clear message, nothing lost. Then the device host crashes and comes
    // back with its devices plugged: the agent's session (the card stays in the reader) and the
    // draft survive, and the capture goes on.
    await page.getByRole('button', { name: 'Capturer : index droit' }).click();
    await page
      .getByText(/Branchez|n’est pas connecté|débranché/)
      .first()
      .waitFor({ timeout: 30000 });
    await shot('3a-lecteur-debranche');
    const hostPid = async () => {
      const health = await control.api.invoke('station.health', {});
      const host = health.ok ? health.value.hosts.find((h) => h.host === 'device') : undefined;
      return host?.state === 'running' ? host.pid : undefined;
    };
    const crashed = await hostPid();
    assert.ok(crashed !== undefined);
    process.kill(crashed, 'SIGKILL');
    const deadline = Date.now() + 60000;
    for (let pid = await hostPid(); pid === undefined || pid === crashed; pid = await hostPid()) {
      assert.ok(Date.now() < deadline, 'the device host did not come back');
      await new Promise((r) => setTimeout(r, 200));
    }
    const status = await control.api.invoke('session.status', {});
    assert.equal(status.ok && status.value.state, 'open', 'the agent session survives the host restart');
    await capture('index droit');
    await page.getByRole('heading', { name: /Index droit : capturée/ }).waitFor();
    const leftCard = page.locator('.fr-card', { has: page.getByRole('heading', { name: /Index gauche/ }) });
    await leftCard.getByLabel('Doigt absent ou inutilisable : motif').selectOption('bandaged');
    await leftCard.getByRole('button', { name: 'Déclarer le doigt inutilisable' }).click();
    await page.getByRole('heading', { name: /Index gauche : doigt inutilisable/ }).waitFor();
    await capture('majeur gauche');
    await page.getByRole('heading', { name: /Majeur gauche : capturée/ }).waitFor();
    await expectNoAxeViolations(page);
    await shot('3-empreintes');
    await page.getByRole('button', { name: 'Étape suivante' }).click();
  });

  it('shows the signature live while the applicant signs on the pad', async () => {
    await page.getByRole('button', { name: 'Commencer la signature' }).click();
    // The simulated applicant signs: points arrive live and the canvas says how many.
    await page.waitForFunction(
      () => {
        const label = document.querySelector('canvas.recueil-signature')?.getAttribute('aria-label') ?? '';
        return Number(/(\d+) points/.exec(label)?.[1] ?? 0) > 50;
      },
      null,
      { timeout: 30000 },
    );
    await shot('4-signature-en-cours');
    await page.waitForTimeout(2500); // the scripted signature lasts about two seconds
    await page.getByRole('button', { name: 'Valider la signature' }).click();
    await page.getByRole('img', { name: 'Signature retenue pour le dossier' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Étape suivante' }).click();
  });

  it('reviews the whole dossier, submits it and prints the receipt; the central receives it once', async () => {
    await page.getByRole('heading', { name: 'Vérification du dossier' }).waitFor();
    await page.getByRole('img', { name: 'Portrait du demandeur retenu pour le dossier' }).waitFor();
    assert.equal(await page.getByRole('img', { name: /^Empreinte : / }).count(), 2);
    await expectNoAxeViolations(page);
    await shot('5-verification');
    // The central server is down when the dossier is sent: it is queued all the same.
    central.kill('SIGTERM');
    await new Promise((r) => central.once('exit', r));
    await page.getByRole('button', { name: 'Envoyer le dossier' }).click();
    await page.getByRole('heading', { name: 'Récépissé de dépôt de demande' }).waitFor({ timeout: 60000 });
    const number = await page.getByTestId('dossier-number').textContent();
    assert.match(number ?? '', /^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    await expectNoAxeViolations(page);
    await shot('6-recepisse');
    const queued = JSON.parse(recueil(['queue', 'status', '--config', stationConfig, '--json']));
    assert.equal(queued.queued + queued.uploading, 1);
    // The central server comes back: the background sync delivers it, exactly once.
    central = await startCentral();
    await control.api.invoke('sync.now', {});
    const deadline = Date.now() + 60000;
    let count = { dossiers: 0 };
    while (Date.now() < deadline) {
      count = JSON.parse(recueil(['central', 'count', '--config', centralConfig, '--json']));
      if (count.dossiers >= 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(count, { dossiers: 1 });
  });

  it('left nothing personal or biometric in clear on disk: data, queue, drafts, logs', () => {
    const files = allFiles(station.dataDir);
    assert.ok(
      files.some((f) => f.includes(`${join('logs', 'station.log')}`)),
      'the station log exists',
    );
    const jpeg = readFileSync(portrait);
    const markers = [
      Buffer.from(surname),
      Buffer.from(givenNames),
      // A slice of the portrait's entropy-coded data: present only if the image were stored in clear.
      jpeg.subarray(Math.floor(jpeg.length / 2), Math.floor(jpeg.length / 2) + 48),
    ];
    for (const marker of markers)
      assert.deepEqual(findMarker(files, marker), [], `found ${marker.subarray(0, 12).toString('hex')}`);
  });
});
